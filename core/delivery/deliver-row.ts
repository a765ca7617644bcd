import { randomUUID } from 'node:crypto';
import { AgentRelayError } from '../agent-relay/port.ts';
import { reminderKeyboard } from '../reminder-buttons.ts';
import { InvalidReminderInputError, ReminderAlreadyClaimedError, ReminderNotFoundError, StaleClaimError } from '../store/errors.ts';
import type { DueRow, Reminder } from '../store/port.ts';
import type { SendOutcome } from '../telegram/port.ts';
import { afterTransientFailure, retryDelayMs } from './backoff.ts';
import type { ResolvedDeliveryOptions } from './options.ts';
import { deliverAt, mayClaim, nextDueAfterDelivery } from './plan.ts';
import { isLate, isMaybeDeliveredRetry, latenessMs, MAYBE_DELIVERED, reminderMessageText } from './reminder-message.ts';
import { COMPLETION_RETRY, withStoreRetry } from './store-retry.ts';
import type { DeliveryDeps, RowResult } from './types.ts';

export type { DeliveryDeps };
import { describeError as describe } from '../describe-error.ts';
import { CHAT_UNREACHABLE } from '../telegram/chat-unreachable.ts';

/** Sleeps until `at` by `deps.clock`, re-checking after each sleep so a timer that fires a hair early never sends early. */
export async function sleepUntil(deps: Pick<DeliveryDeps, 'clock' | 'sleep'>, at: Date): Promise<void> {
  for (let wait = at.getTime() - deps.clock().getTime(); wait > 0; wait = at.getTime() - deps.clock().getTime()) {
    await deps.sleep(wait);
  }
}

/**
 * The claim protocol for one due row: claim (conditional on the index position as read), wait for the
 * row's second, deliver, complete — or back off, or fail. Both the sweep and `deliverWhenDue` go
 * through here, so whoever claims first delivers and the other sees a claim conflict.
 *
 * The caller has already waited until the row's claim time. No claim is made at or after `deadline`.
 *
 * The one duplicate window: the message was sent (Telegram accepted it) but `complete` could not be
 * recorded — the process died, or the store kept failing through the retries below. The row then
 * returns when its lease ends and is sent once more. Completing right after the send, retrying it,
 * and treating a stale-claim answer as done keep the window to one store round trip.
 */
export async function claimAndDeliver(row: DueRow, deps: DeliveryDeps, options: ResolvedDeliveryOptions, deadline: Date): Promise<RowResult> {
  const random = deps.random ?? Math.random;
  const base = { reminderId: row.id, chatId: row.chatId, dueAt: row.dueAt };
  if (!mayClaim(deps.clock(), deadline)) return { ...base, outcome: 'deferred', claimed: false };

  const token = randomUUID();
  let reminder: Reminder;
  try {
    let tries = 0;
    reminder = await withStoreRetry(() => deps.store.claim(row, { now: deps.clock(), leaseMs: options.leaseMs, token, retry: tries++ > 0 }), deps.sleep, random);
  } catch (error) {
    if (error instanceof ReminderAlreadyClaimedError && error.current?.claimToken === token) {
      // An earlier try of ours landed but its answer was lost; the store told us what it holds.
      reminder = error.current;
    } else if (error instanceof ReminderAlreadyClaimedError || error instanceof ReminderNotFoundError) {
      return { ...base, outcome: 'claim-conflict', claimed: false };
    } else {
      deps.log.warn('sweeper could not claim a due row; it stays due', { reminderId: row.id, chatId: row.chatId, error: describe(error) });
      return { ...base, outcome: 'store-error', claimed: false, reason: describe(error) };
    }
  }

  const claimed = reminder;
  return whileHoldingClaim(claimed, token, deps, options, async () => {
    await sleepUntil(deps, deliverAt(row));
    return deliverClaimed(claimed, token, deps, options);
  });
}

/**
 * Runs `work` while renewing the claim's lease every third of it, so the lease can be short — a
 * claimer that crashed costs the next run seconds, not minutes — without a slow send (a long 429, a
 * slow agent, completion retries) outliving its lease and being claimed and sent a second time.
 *
 * The renewal runs on a real timer, not `deps.sleep`: it watches real elapsed time, and a test's
 * clock-advancing sleep would otherwise renew (and advance the clock) in a tight loop.
 */
async function whileHoldingClaim<T>(reminder: Reminder, token: string, deps: DeliveryDeps, options: ResolvedDeliveryOptions, work: () => Promise<T>): Promise<T> {
  const everyMs = Math.max(1, Math.floor(options.leaseMs / 3));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const renew = async () => {
    try {
      const now = deps.clock();
      await deps.store.renewClaim(reminder, token, new Date(now.getTime() + options.leaseMs), now);
    } catch (error) {
      if (error instanceof StaleClaimError) {
        // Settled by our own completion a moment ago, or the lease already ran out: nothing left to hold.
        stopped = true;
        return;
      }
      // The next tick tries again; the lease still has two thirds to run.
      deps.log.warn('could not renew a claim; retrying at the next tick', { reminderId: reminder.id, chatId: reminder.chatId, error: describe(error) });
    }
  };
  const schedule = () => {
    timer = setTimeout(() => {
      void renew().then(() => {
        if (!stopped) schedule();
      });
    }, everyMs);
    timer.unref?.();
  };
  schedule();
  try {
    return await work();
  } finally {
    stopped = true;
    clearTimeout(timer);
  }
}

async function deliverClaimed(reminder: Reminder, token: string, deps: DeliveryDeps, options: ResolvedDeliveryOptions): Promise<RowResult> {
  const base = { reminderId: reminder.id, chatId: reminder.chatId, dueAt: reminder.dueAt, claimed: true };
  const outcome = await send(reminder, token, deps);

  if (outcome.kind === 'handed-over') {
    // At least once: the row stays claimed; the agent completes it (or backs it off) with our token,
    // and if its session dies first the row is due again when the lease ends.
    const deliveredAt = deps.clock();
    return { ...base, outcome: 'delivered', deliveredAt: deliveredAt.toISOString(), lagMs: deliveredAt.getTime() - Date.parse(reminder.dueAt), late: isLate(reminder, deliveredAt) };
  }

  if (outcome.kind === 'delivered' || outcome.kind === 'maybe-delivered') {
    const deliveredAt = deps.clock();
    const delivered = { ...base, deliveredAt: deliveredAt.toISOString(), lagMs: deliveredAt.getTime() - Date.parse(reminder.dueAt), late: isLate(reminder, deliveredAt) };
    if (outcome.kind === 'maybe-delivered' && isMaybeDeliveredRetry(reminder)) {
      // Already the one marked re-send: recorded as delivered, never a third copy.
      deps.log.warn('reminder maybe delivered twice: recorded as delivered, not sent again', { reminderId: reminder.id, chatId: reminder.chatId, reason: outcome.reason });
      return { ...delivered, maybeDelivered: true, outcome: await complete(reminder, token, deliveredAt, undefined, deps) };
    }
    if (outcome.kind === 'maybe-delivered') {
      // The policy for "the request may have reached Telegram" (README, How it works): no blind re-send,
      // and nothing lost either — one re-send after the usual back-off, marked as a possible repeat.
      // Counted (MaybeDelivered) so a run of them is visible.
      const random = deps.random ?? Math.random;
      const retryAt = new Date(deliveredAt.getTime() + retryDelayMs(reminder.attempts + 1, options.backoff, random()));
      deps.log.warn('reminder maybe delivered: Telegram did not answer; sent once more, marked, after back-off', { reminderId: reminder.id, chatId: reminder.chatId, reason: outcome.reason, retryAt: retryAt.toISOString() });
      try {
        await withStoreRetry(() => deps.store.retryLater(reminder, token, retryAt, `${MAYBE_DELIVERED}: ${outcome.reason}`, deliveredAt), deps.sleep, random);
      } catch (error) {
        deps.log.error('could not record a maybe-delivered send; the row returns after its lease', { reminderId: reminder.id, error: describe(error) });
        return { ...base, maybeDelivered: true, outcome: 'store-error', reason: describe(error) };
      }
      return { ...base, maybeDelivered: true, outcome: 'retried', reason: MAYBE_DELIVERED };
    }
    return { ...delivered, outcome: await complete(reminder, token, deliveredAt, outcome.messageId || undefined, deps) };
  }

  const now = deps.clock();
  const random = deps.random ?? Math.random;
  try {
    if (outcome.kind === 'permanent') {
      const reason = `${outcome.reason}: ${outcome.description}`;
      await withStoreRetry(() => deps.store.fail(reminder, token, reason, now), deps.sleep, random);
      deps.log.warn('reminder failed permanently', { reminderId: reminder.id, chatId: reminder.chatId, reason: outcome.reason });
      if (CHAT_UNREACHABLE.has(outcome.reason)) {
        // Failing first, pausing second: our claimed row is settled before the chat-wide update runs.
        // If the pause fails, the chat's next reminder fails the same way and pauses it then.
        const paused = await withStoreRetry(() => deps.store.pauseChat(reminder.chatId, outcome.reason, now), deps.sleep, random);
        deps.log.warn('chat paused: it cannot be reached', { chatId: reminder.chatId, reason: outcome.reason, pausedReminders: paused });
      }
      return { ...base, outcome: 'failed', reason };
    }
    const decision = afterTransientFailure(reminder.attempts, options.maxAttempts);
    if (decision.action === 'give-up') {
      const reason = `gave up after ${decision.attempts} attempts: ${outcome.reason}`;
      await withStoreRetry(() => deps.store.fail(reminder, token, reason, now), deps.sleep, random);
      deps.log.warn('reminder failed after too many attempts', { reminderId: reminder.id, chatId: reminder.chatId, attempts: decision.attempts, reason: outcome.reason });
      return { ...base, outcome: 'failed', reason };
    }
    const retryAt = new Date(now.getTime() + retryDelayMs(decision.attempt, options.backoff, random(), outcome.retryAfterMs));
    await withStoreRetry(() => deps.store.retryLater(reminder, token, retryAt, outcome.reason, now), deps.sleep, random);
    deps.log.info('reminder delivery will be retried', { reminderId: reminder.id, chatId: reminder.chatId, attempt: decision.attempt, retryAt: retryAt.toISOString(), reason: outcome.reason });
    return { ...base, outcome: 'retried', reason: outcome.reason };
  } catch (error) {
    // Not lost: the row still carries our lease and is due again when it ends.
    deps.log.error('sweeper could not record a failed delivery; the row returns after its lease', { reminderId: reminder.id, chatId: reminder.chatId, error: describe(error) });
    return { ...base, outcome: 'store-error', reason: describe(error) };
  }
}

type DeliveryOutcome = SendOutcome | { kind: 'handed-over' };

/** Plain reminders go to Telegram; actions go to the agent, in the chat's session, with the claim. Never throws. */
async function send(reminder: Reminder, token: string, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  if (reminder.work === 'action') {
    try {
      await deps.relay.invoke(reminder.chatId, { type: 'reminder_due', reminder, claimToken: token });
      return { kind: 'handed-over' };
    } catch (error) {
      // Unreachable or refusing agent: worth retrying later; maxAttempts turns a lasting refusal into `failed`.
      return { kind: 'retry', reason: error instanceof AgentRelayError ? `agent: ${error.message}` : `agent relay failed: ${describe(error)}` };
    }
  }
  try {
    return await deps.telegram.sendMessage(reminder.chatId, reminderMessageText(reminder, deps.clock()), { buttons: reminderKeyboard(reminder.id, reminder.lang) });
  } catch (error) {
    // The client promises outcomes, not throws; if it throws anyway, we do not know whether it sent.
    // Retrying risks one duplicate; dropping would lose the reminder. Retrying is the lesser harm.
    return { kind: 'retry', reason: `telegram client threw: ${describe(error)}` };
  }
}

/** Records a delivery. Never throws: the message is out, so the row's result is "delivered" whatever happens here. */
async function complete(reminder: Reminder, token: string, deliveredAt: Date, messageId: number | undefined, deps: DeliveryDeps): Promise<RowResult['outcome']> {
  const random = deps.random ?? Math.random;
  let nextDueAt: Date | null | undefined;
  try {
    nextDueAt = nextDueAfterDelivery(reminder, deliveredAt);
  } catch (error) {
    return failUnschedulable(reminder, token, deliveredAt, deps, error);
  }
  try {
    await withStoreRetry(() => deps.store.complete(reminder, token, { now: deliveredAt, nextDueAt, messageId }), deps.sleep, random, COMPLETION_RETRY);
    return 'delivered';
  } catch (error) {
    if (error instanceof StaleClaimError) {
      // Either an earlier try landed and only its answer was lost, or the lease ran out mid-delivery and
      // another run took the row (and may send it again). Both are "delivered" from here.
      deps.log.warn('completion found the claim gone', { reminderId: reminder.id, chatId: reminder.chatId, lateByMs: latenessMs(reminder, deliveredAt) });
      return 'delivered';
    }
    if (error instanceof InvalidReminderInputError) return failUnschedulable(reminder, token, deliveredAt, deps, error);
    deps.log.error('delivered but not recorded: the row returns after its lease and may be sent once more', {
      reminderId: reminder.id,
      chatId: reminder.chatId,
      error: describe(error),
    });
    return 'delivered-uncompleted';
  }
}

/** A recurring row whose schedule cannot be evaluated: delivered this time, then failed with the reason rather than re-fired forever. */
async function failUnschedulable(reminder: Reminder, token: string, now: Date, deps: DeliveryDeps, cause: unknown): Promise<RowResult['outcome']> {
  const reason = `schedule cannot be evaluated: ${describe(cause)}`;
  deps.log.error('delivered, but the next occurrence cannot be computed; failing the row', { reminderId: reminder.id, chatId: reminder.chatId, reason });
  try {
    await withStoreRetry(() => deps.store.fail(reminder, token, reason, now), deps.sleep, deps.random ?? Math.random);
    return 'delivered';
  } catch (error) {
    deps.log.error('could not fail the unschedulable row; it returns after its lease', { reminderId: reminder.id, error: describe(error) });
    return 'delivered-uncompleted';
  }
}

/** Error text for logs: name and message only (the Telegram client has already redacted its token). */
export { describe };
