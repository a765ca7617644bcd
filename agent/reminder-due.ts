import { reminderKeyboard } from '../core/reminder-buttons.ts';
import { MAX_TEXT_LENGTH } from '../core/store/index.ts';
import type { Reminder } from '../core/store/port.ts';
import type { SendOutcome } from '../core/telegram/port.ts';
import { loadChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import { runClaimedAction } from './claimed-action.ts';
import { NOT_KEPT_REASON, send } from './send-reply.ts';
import { rememberReply } from './memory.ts';
import { answerWithModel } from './model/answer.ts';
import { notifyScheduled } from './reminder-ops.ts';
import { CHAT_UNREACHABLE } from '../core/telegram/chat-unreachable.ts';

/** The earliest a result that Telegram refused for now is tried again (the sweeper's first back-off). */
export const UNDELIVERED_RESULT_RETRY_MS = 30_000;

/** Permanent failures about the chat rather than the message: the sweeper pauses the chat for these too. */

/**
 * A reminder whose time has come, handed over by the sweeper. Actions run through the model and
 * their result is sent; without a model (or for a plain message) the text goes out as an ordinary
 * reminder with Done/Snooze buttons. The chat is the reminder's own — the row the sweeper claimed.
 *
 * The sweeper settled the row (a one-time row becomes its delivery-log entry) or re-armed it once this
 * agent accepted the work, so a result Telegram does not take must not vanish: it is kept as a one-time
 * plain message reminder (see keepUndelivered).
 */
export async function handleReminderDue(deps: AgentDeps, reminder: Reminder, claimToken?: string): Promise<void> {
  // Handed over with the sweeper's claim: the outcome is recorded on the row here (at least once).
  if (claimToken) return runClaimedAction(deps, reminder, claimToken, (current) => runDue(deps, current, true));
  return runDue(deps, reminder, false);
}

/** `claimed`: a model failure throws (the claim backs the row off) instead of sending an apology. */
async function runDue(deps: AgentDeps, reminder: Reminder, claimed: boolean): Promise<void> {
  const buttons = reminderKeyboard(reminder.id, reminder.lang);
  if (reminder.work !== 'action' || !deps.model) {
    const { outcome } = await send(deps, reminder.chatId, { text: `⏰ ${reminder.text}`, buttons });
    await keepUndelivered(deps, reminder, reminder.text, outcome);
    return;
  }
  const ctx = await loadChatContext(deps, reminder.chatId);
  const answer = await answerWithModel(deps, deps.model, ctx, reminder.text, 'action');
  if (claimed && answer.modelFailed) throw new Error('the model could not be reached');
  const sent = await send(deps, reminder.chatId, { text: `🤖 #${reminder.shortId} ${answer.reply}`, buttons });
  // Kept without our "🤖 #N" prefix: the sweeper adds its own "⏰ #M" when it delivers the copy.
  await keepUndelivered(deps, reminder, answer.reply, sent.outcome);
  await rememberReply(deps, reminder.chatId, sent.text);
}

/**
 * Invariant 1 (nothing silently dropped) for a scheduled action's result: when Telegram did not take
 * it, the exact text becomes a new one-time plain message reminder, so the sweeper's back-off and
 * failure path (attempts, `failed` with its reason, visible in /list) takes over from here.
 * - `retry` (429 beyond the wait budget, 5xx, timeout): due at now + max(retry-after, 30 s).
 * - `permanent` for the chat (blocked, gone, deactivated): the row is written, then the chat is
 *   paused — which pauses the row too, so it is delivered when the chat comes back.
 * - `permanent` for the message (Telegram rejected it): the row is written due as for `retry`; the
 *   sweeper's attempt fails it with the reason, where the person can see it.
 * Never throws: a store failure here is logged as a lost result (the work is otherwise done).
 */
async function keepUndelivered(deps: AgentDeps, source: Reminder, text: string, outcome: SendOutcome): Promise<void> {
  // A send Telegram may have taken is not kept for a second copy (the README's maybe-delivered policy).
  if (outcome.kind === 'delivered' || outcome.kind === 'maybe-delivered') return;
  // Already in the table's outbox, sent in order when Telegram allows.
  if (outcome.kind === 'retry' && deps.keptReplies && outcome.reason !== NOT_KEPT_REASON) return;
  const now = deps.clock();
  const waitMs = Math.max(outcome.kind === 'retry' ? (outcome.retryAfterMs ?? 0) : 0, UNDELIVERED_RESULT_RETRY_MS);
  const dueAt = new Date(now.getTime() + waitMs);
  const reason = outcome.reason;
  let kept: Reminder;
  try {
    kept = await deps.store.createReminder(
      {
        chatId: source.chatId,
        // What was to be sent, minus our prefix; only a result longer than a reminder may be is cut to fit.
        text: text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH - 1)}…` : text,
        work: 'message',
        schedule: { kind: 'once' },
        tz: source.tz,
        dueAt,
      },
      now,
    );
  } catch (error) {
    deps.log.error('scheduled action result not delivered and could not be kept: it is lost', {
      reminderId: source.id,
      chatId: source.chatId,
      outcome: outcome.kind,
      reason,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return;
  }
  const logged = { reminderId: source.id, chatId: source.chatId, keptAs: kept.id, shortId: kept.shortId, outcome: outcome.kind, reason };
  if (outcome.kind === 'permanent' && CHAT_UNREACHABLE.has(outcome.reason)) {
    try {
      const paused = await deps.store.pauseChat(source.chatId, outcome.reason, now);
      deps.log.warn('scheduled action result kept as a reminder; chat paused: it cannot be reached', { ...logged, pausedReminders: paused });
    } catch (error) {
      // The kept row stays due: its delivery fails the same way and the sweeper pauses the chat then.
      deps.log.error('scheduled action result kept as a reminder, but the chat could not be paused', { ...logged, error: String(error) });
    }
    return;
  }
  deps.log.warn('scheduled action result not delivered; kept as a reminder for the sweeper to retry', { ...logged, dueAt: dueAt.toISOString() });
  // Due in well under a sweeper period: a delivery timer (where there is one) takes it on its second.
  notifyScheduled(deps, kept);
}
