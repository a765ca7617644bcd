import { remindersToIcs } from '../core/calendar/index.ts';
import type { Reminder } from '../core/store/port.ts';
import type { ChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';

/** Enough for any chat (the per-chat cap is far lower); a bound so one request cannot read forever. */
const MAX_EXPORTED = 1_000;

/**
 * `/export`: the chat's reminders as an .ics file sent with sendDocument, one VEVENT per reminder (its RRULE
 * for repeating ones) with an alarm. Returns the reply that follows the file; a failed send is told, not retried blindly.
 */
export async function exportCalendar(deps: AgentDeps, ctx: ChatContext): Promise<string> {
  const reminders: Reminder[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listReminders(ctx.chatId, { limit: 100, ...(cursor ? { cursor } : {}) });
    reminders.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined && reminders.length < MAX_EXPORTED);
  if (reminders.length === 0) throw new UserInputError('You have no reminders to export yet.');
  const ics = remindersToIcs(reminders, ctx.now);
  const count = reminders.length === 1 ? '1 reminder' : `${reminders.length} reminders`;
  const outcome = await deps.telegram.sendDocument(
    ctx.chatId,
    { fileName: 'nudge-reminders.ics', content: new TextEncoder().encode(ics) },
    { caption: `📅 ${count} as a calendar file` },
  );
  if (outcome.kind !== 'delivered') return "I couldn't send the calendar file just now. Please try /export again in a minute.";
  return `📅 Sent ${count} as nudge-reminders.ics — open it to add them to your calendar (repeating ones repeat there too).`;
}
