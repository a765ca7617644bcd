import { isDraftButton } from '../core/draft-buttons.ts';
import { decodeButton, type SnoozeChoice } from '../core/reminder-buttons.ts';
import { ReminderNotFoundError } from '../core/store/errors.ts';
import type { MessageOutcome, MessageOutcomeRecord, Reminder } from '../core/store/port.ts';
import { tomorrowAt } from '../core/time/index.ts';
import type { ChatContext } from './chat-context.ts';
import { handleDraftPress } from './draft-press.ts';
import { changeTimezone, TZ_BUTTON_PREFIX } from './commands.ts';
import { decodeConversationButton } from './conversation-buttons.ts';
import { handleConversationPress } from './conversation-presses.ts';
import { decodeOtherReading } from '../core/other-reading-buttons.ts';
import { handleOtherReadingPress } from './other-reading-press.ts';
import { decodePauseButton } from './pause-buttons.ts';
import { handlePausePress } from './user-pause.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { assertMayChange } from './group-rights.ts';
import type { TelegramCallbackQuery } from './payload.ts';
import { t } from './i18n/translate.ts';
import { formatInstantIn } from './i18n/dates.ts';
import { describeReminder } from './replies.ts';
import { createOnce } from './reminder-ops.ts';

const SNOOZE_MS: Record<Exclude<SnoozeChoice, 'tomorrow'>, number> = { '10m': 10 * 60_000, '1h': 60 * 60_000 };

/**
 * How long what a message's buttons did is remembered. Buttons are removed after the first press,
 * so only presses racing that edit (a double-tap, two choices tapped quickly) ever read it.
 */
export const MESSAGE_OUTCOME_TTL_SECONDS = 30 * 24 * 3600;

/**
 * A press on one of our inline buttons. Always answers the callback query (or the person's
 * client shows a spinner until it times out). Callback data is untrusted: anything we did not
 * encode gets a short "no longer valid" answer, and ids are looked up in the pressing chat only.
 *
 * A delivered message acts once: the first press (Done or a Snooze) decides, and is recorded per
 * message; a later press on the same message — a double-tap, 10 min then 1 h, Done after Snooze —
 * changes nothing and is told what already happened ("Already snoozed to Tue 24 Nov 10:41 (#2)").
 * Moving the copy on a second choice was rejected: a tap racing the first one is as likely a slip
 * as a change of mind, and /snooze #N moves it deliberately.
 */
export async function handleButtonPress(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery): Promise<void> {
  const data = query.data ?? '';
  const messageId = query.message?.message_id;
  try {
    if (data.startsWith(TZ_BUTTON_PREFIX)) {
      const { zone, text } = await changeTimezone(deps, ctx, data.slice(TZ_BUTTON_PREFIX.length));
      await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'tzButtonAnswer', { zone }));
      if (messageId !== undefined) await deps.telegram.editMessageReplyMarkup(ctx.chatId, messageId);
      await deps.telegram.sendMessage(ctx.chatId, text);
      return;
    }
    if (isDraftButton(data)) {
      await handleDraftPress(deps, ctx, query);
      return;
    }
    const otherReading = decodeOtherReading(data);
    if (otherReading) {
      await handleOtherReadingPress(deps, ctx, query, otherReading);
      return;
    }
    const reply = decodeConversationButton(data);
    if (reply) {
      await handleConversationPress(deps, ctx, query, reply);
      return;
    }
    const pausePress = decodePauseButton(data);
    if (pausePress) {
      await handlePausePress(deps, ctx, query, pausePress.reminderId);
      return;
    }
    const press = decodeButton(data);
    if (!press) {
      await deps.telegram.answerCallbackQuery(query.id, 'That button is no longer valid.');
      return;
    }
    if (press.action === 'done') {
      const earlier = messageId === undefined ? undefined : await record(deps, ctx, messageId, { kind: 'done' });
      if (earlier) {
        await deps.telegram.answerCallbackQuery(query.id, alreadyText(earlier, ctx, 'done'));
        return;
      }
      await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'doneAnswer'));
      await markMessage(deps, ctx, query, t(ctx.lang, 'doneMark'));
      return;
    }
    // Cheap check first, so the usual double-tap (handled in order, one chat at a time) creates nothing.
    const before = messageId === undefined ? undefined : await deps.store.getMessageOutcome(ctx.chatId, messageId, ctx.now);
    if (before) {
      await deps.telegram.answerCallbackQuery(query.id, alreadyText(before, ctx, press.choice));
      return;
    }
    const dueAt =
      press.choice === 'tomorrow' ? tomorrowAt(9, 0, ctx.tz, ctx.now) : new Date(ctx.now.getTime() + SNOOZE_MS[press.choice]);
    const snoozed = await snoozeDelivered(deps, ctx, press.reminderId, dueAt);
    // Create first, then claim the message: a crash in between leaves one reminder, never a
    // message marked snoozed with nothing behind it. A press that loses the claim to a concurrent
    // one (another runtime instance) takes its copy back.
    const outcome: MessageOutcome = { kind: 'snoozed', choice: press.choice, reminderId: snoozed.id, shortId: snoozed.shortId, dueAt: snoozed.dueAt };
    const earlier = messageId === undefined ? undefined : await record(deps, ctx, messageId, outcome);
    if (earlier) {
      await withdraw(deps, ctx, snoozed);
      await deps.telegram.answerCallbackQuery(query.id, alreadyText(earlier, ctx, press.choice));
      return;
    }
    await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'snoozedAnswer', { when: describeShort(snoozed, ctx) }));
    await markMessage(deps, ctx, query, t(ctx.lang, 'snoozedReply', { line: describeReminder(snoozed, ctx) }));
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    await deps.telegram.answerCallbackQuery(query.id, error.message.slice(0, 190));
  }
}

/** Records the outcome; returns what was recorded first when this press was not the first. */
async function record(deps: AgentDeps, ctx: ChatContext, messageId: number, outcome: MessageOutcome): Promise<MessageOutcomeRecord | undefined> {
  const result = await deps.store.recordMessageOutcome(ctx.chatId, messageId, outcome, ctx.now, MESSAGE_OUTCOME_TTL_SECONDS);
  if (result.recorded) return undefined;
  // An unreadable earlier record still means someone else acted first.
  return result.existing ?? { chatId: ctx.chatId, messageId, outcome: { kind: 'done' }, at: ctx.now.toISOString() };
}

/** Undoes a copy created by a press that lost the race; already gone is fine. */
async function withdraw(deps: AgentDeps, ctx: ChatContext, copy: Reminder): Promise<void> {
  try {
    await deps.store.cancelReminder(ctx.chatId, copy.id);
  } catch (error) {
    if (!(error instanceof ReminderNotFoundError)) throw error;
  }
}

/**
 * The answer to a press that came second, in the chat's zone:
 * "Already snoozed to Tue 24 Nov 10:41 (#2).", plus how to move it when this press asked for
 * something else (or how to cancel it, for Done); "Already marked done ✅".
 */
function alreadyText(earlier: MessageOutcomeRecord, ctx: ChatContext, asked: SnoozeChoice | 'done'): string {
  const outcome = earlier.outcome;
  if (outcome.kind === 'done') return t(ctx.lang, 'alreadyDone');
  const base = t(ctx.lang, 'alreadySnoozed', { when: formatInstantIn(ctx.lang, new Date(outcome.dueAt), ctx.tz, ctx.now), n: outcome.shortId });
  if (asked === 'done') return `${base} Done with it? /cancel #${outcome.shortId}`;
  // Not "/snooze #2 1h": a duration counts from the copy's due time, not from now.
  if (asked !== outcome.choice) return `${base} To move it, send /snooze #${outcome.shortId} with a time, e.g. tomorrow 9am.`;
  return base;
}

/**
 * The delivered reminder becomes a new one-time reminder at `dueAt`. A delivered one-time row is no
 * reminder any more (its row is its own delivery-log entry), so its text comes from the delivery log; a
 * recurring row still exists and gets a one-time copy, leaving the series on its schedule.
 */
async function snoozeDelivered(deps: AgentDeps, ctx: ChatContext, reminderId: string, dueAt: Date): Promise<Reminder> {
  const row = await deps.store.getReminder(ctx.chatId, reminderId);
  // The copy is written in the chat's zone: that is where "tomorrow 09:00" was worked out.
  if (row) {
    await assertMayChange(deps, ctx, row);
    return createOnce(deps, ctx, { text: row.text, work: row.work, at: dueAt });
  }
  const log = await deps.store.listDeliveryLog(ctx.chatId, ctx.now, 200);
  const entry = log.find((item) => item.reminderId === reminderId);
  if (!entry) throw new UserInputError("I can't find that reminder any more, so I can't snooze it. Set a new one with /remind.");
  // The delivered one-time row is history, so its number is free: the snoozed copy keeps "#2" unless
  // something else holds that number by now (a copy from an earlier snooze of the same reminder).
  const taken = await deps.store.getReminderByShortId(ctx.chatId, entry.shortId);
  return createOnce(deps, ctx, { text: entry.text, work: entry.work, at: dueAt, ...(taken ? {} : { reuseShortId: entry.shortId }) });
}

function describeShort(reminder: Reminder, ctx: ChatContext): string {
  return describeReminder(reminder, ctx).replace(/ — [\s\S]*$/, '');
}

/** Replaces the buttons with a note of what happened, keeping the reminder text visible. */
async function markMessage(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery, note: string): Promise<void> {
  const message = query.message;
  if (!message) return;
  if (message.text) await deps.telegram.editMessageText(ctx.chatId, message.message_id, `${message.text}\n\n${note}`);
  else await deps.telegram.editMessageReplyMarkup(ctx.chatId, message.message_id);
}
