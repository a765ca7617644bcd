import type { Reminder } from '../core/store/port.ts';
import { describeSchedule, formatInstant } from '../core/time/index.ts';
import type { ChatContext } from './chat-context.ts';

/**
 * One line per reminder, in the reminder's own zone:
 * "⏰ #4 Thu 26 Nov 10:00 — check emails",
 * "🔁 #5 every weekday at 08:30 (Europe/Berlin), next: Wed 25 Nov 08:30 — standup".
 * Scheduled actions get 🤖 so the person can tell them from plain reminders.
 */
export function describeReminder(reminder: Reminder, now: Date): string {
  const due = new Date(reminder.dueAt);
  const what = reminder.work === 'action' ? `(action) ${reminder.text}` : reminder.text;
  const status = reminder.status === 'paused' ? ' [paused]' : reminder.status === 'failed' ? ' [failed]' : '';
  if (reminder.schedule.kind === 'recurring') {
    const icon = reminder.work === 'action' ? '🤖' : '🔁';
    // "every weekday at 08:30 (Europe/Berlin), next: Wed 25 Nov 08:30"
    return `${icon} #${reminder.shortId} ${describeSchedule(reminder.schedule, due, reminder.tz, now)} — ${what}${status}`;
  }
  const icon = reminder.work === 'action' ? '🤖' : '⏰';
  return `${icon} #${reminder.shortId} ${formatInstant(due, reminder.tz, now)} — ${what}${status}`;
}

/** Appended to confirmations until the chat picks a zone. */
export function assumedZoneNote(ctx: ChatContext): string {
  return ctx.tzAssumed ? `\n(Times are in ${ctx.tz} — set your zone with /tz Berlin or /tz America/New_York.)` : '';
}

/** What works without a model; also the /help text. */
export function helpText(modelEnabled: boolean): string {
  const lines = [
    'Here is what I understand:',
    '• remind me tomorrow at 10 to check emails',
    '• /remind in 20 minutes take the pizza out',
    '• /every weekday at 8:30 standup',
    '• /list — your reminders, soonest first',
    '• /cancel #3',
    '• /snooze #3 1h',
    '• /tz Berlin — set your time zone (city or zone name)',
  ];
  lines.push(
    modelEnabled
      ? 'Anything else, just say it in your own words — e.g. "every morning at 7 send me a motivational quote".'
      : 'Free-form requests need the assistant model, which is not switched on here — the commands above all work.',
  );
  return lines.join('\n');
}

/** The answer to a message nothing understood, when no model is configured. */
export function noModelReply(): string {
  return `Sorry, I can only follow commands right now.\n${helpText(false)}`;
}

export const SOMETHING_WENT_WRONG = 'Sorry — something went wrong on my side and I could not finish that. Please try again in a moment.';
