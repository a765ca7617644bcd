import { decodeButton, type SnoozeChoice } from '../core/reminder-buttons.ts';
import type { Reminder } from '../core/store/port.ts';
import { tomorrowAt } from '../core/time/index.ts';
import type { ChatContext } from './chat-context.ts';
import { TZ_BUTTON_PREFIX, timezoneSetText } from './commands.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import type { TelegramCallbackQuery } from './payload.ts';
import { describeReminder } from './replies.ts';
import { createOnce, setTimezone } from './reminder-ops.ts';

const SNOOZE_MS: Record<Exclude<SnoozeChoice, 'tomorrow'>, number> = { '10m': 10 * 60_000, '1h': 60 * 60_000 };

/**
 * A press on one of our inline buttons. Always answers the callback query (or the person's
 * client shows a spinner until it times out). Callback data is untrusted: anything we did not
 * encode gets a short "no longer valid" answer, and ids are looked up in the pressing chat only.
 */
export async function handleButtonPress(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery): Promise<void> {
  const data = query.data ?? '';
  const messageId = query.message?.message_id;
  try {
    if (data.startsWith(TZ_BUTTON_PREFIX)) {
      const zone = await setTimezone(deps, ctx, data.slice(TZ_BUTTON_PREFIX.length));
      await deps.telegram.answerCallbackQuery(query.id, `Time zone: ${zone}`);
      if (messageId !== undefined) await deps.telegram.editMessageReplyMarkup(ctx.chatId, messageId);
      await deps.telegram.sendMessage(ctx.chatId, timezoneSetText(zone, ctx.now));
      return;
    }
    const press = decodeButton(data);
    if (!press) {
      await deps.telegram.answerCallbackQuery(query.id, 'That button is no longer valid.');
      return;
    }
    if (press.action === 'done') {
      await deps.telegram.answerCallbackQuery(query.id, 'Done ✅');
      await markMessage(deps, ctx, query, '✅ Done');
      return;
    }
    const dueAt =
      press.choice === 'tomorrow' ? tomorrowAt(9, 0, ctx.tz, ctx.now) : new Date(ctx.now.getTime() + SNOOZE_MS[press.choice]);
    const snoozed = await snoozeDelivered(deps, ctx, press.reminderId, dueAt);
    await deps.telegram.answerCallbackQuery(query.id, `Snoozed to ${describeShort(snoozed, ctx)}`);
    await markMessage(deps, ctx, query, `😴 Snoozed: ${describeReminder(snoozed, ctx.now)}`);
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    await deps.telegram.answerCallbackQuery(query.id, error.message.slice(0, 190));
  }
}

/**
 * The delivered reminder becomes a new one-time reminder at `dueAt`. A delivered one-time row is
 * already deleted, so its text comes from the delivery log; a recurring row still exists and gets a
 * one-time copy, leaving the series on its schedule.
 */
async function snoozeDelivered(deps: AgentDeps, ctx: ChatContext, reminderId: string, dueAt: Date): Promise<Reminder> {
  const row = await deps.store.getReminder(ctx.chatId, reminderId);
  // The copy keeps the zone the reminder was written in; a logged one takes the chat's.
  if (row) return createOnce(deps, ctx, { text: row.text, work: row.work, at: dueAt, tz: row.tz });
  const log = await deps.store.listDeliveryLog(ctx.chatId, ctx.now, 200);
  const entry = log.find((item) => item.reminderId === reminderId);
  if (!entry) throw new UserInputError("I can't find that reminder any more, so I can't snooze it. Set a new one with /remind.");
  return createOnce(deps, ctx, { text: entry.text, work: entry.work, at: dueAt });
}

function describeShort(reminder: Reminder, ctx: ChatContext): string {
  return describeReminder(reminder, ctx.now).replace(/ — [\s\S]*$/, '');
}

/** Replaces the buttons with a note of what happened, keeping the reminder text visible. */
async function markMessage(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery, note: string): Promise<void> {
  const message = query.message;
  if (!message) return;
  if (message.text) await deps.telegram.editMessageText(ctx.chatId, message.message_id, `${message.text}\n\n${note}`);
  else await deps.telegram.editMessageReplyMarkup(ctx.chatId, message.message_id);
}
