import { StaleClaimError } from '../core/store/errors.ts';
import type { Reminder } from '../core/store/port.ts';
import { afterTransientFailure, DEFAULT_BACKOFF, nextDueAfterDelivery, retryDelayMs, SWEEP_DEFAULTS } from '../core/delivery/index.ts';
import type { AgentDeps } from './deps.ts';
import { describeError as describe } from '../core/describe-error.ts';

/**
 * Runs a due action the sweeper handed over with its claim, and records the outcome with that claim:
 * done → the row completes (deleted, or re-armed at its next occurrence); failed → backed off with the
 * error on the row (failed for good after the sweeper's attempt limit). A copy whose claim is no longer
 * the row's (the lease ran out and the row was claimed again, or it was completed already) is dropped
 * without running, so a repeated hand-over does not run the action twice.
 *
 * The duplicate window: the action ran and its result was sent, then the session died before `complete`
 * — the row comes back after its lease and runs once more (`test/agent/action-at-least-once.test.ts`).
 */
export async function runClaimedAction(deps: AgentDeps, handed: Reminder, claimToken: string, run: (reminder: Reminder) => Promise<void>): Promise<void> {
  const current = await deps.store.getReminder(handed.chatId, handed.id);
  if (!current || current.claimToken !== claimToken) {
    deps.log.info('scheduled action dropped: its claim is no longer the row\'s (handled already, or claimed again)', { reminderId: handed.id, chatId: handed.chatId });
    return;
  }
  try {
    await run(current);
  } catch (error) {
    await recordFailure(deps, current, claimToken, error);
    return;
  }
  const now = deps.clock();
  try {
    await deps.store.complete(current, claimToken, { now, nextDueAt: nextDueAfterDelivery(current, now) });
  } catch (error) {
    if (error instanceof StaleClaimError) {
      deps.log.warn('scheduled action ran, but its claim had ended: the row may run once more', { reminderId: current.id, chatId: current.chatId });
      return;
    }
    deps.log.error('scheduled action ran but could not be recorded; it runs again after its lease', { reminderId: current.id, chatId: current.chatId, error: describe(error) });
  }
}

async function recordFailure(deps: AgentDeps, reminder: Reminder, claimToken: string, error: unknown): Promise<void> {
  const now = deps.clock();
  const reason = `action failed: ${describe(error)}`.slice(0, 300);
  const decision = afterTransientFailure(reminder.attempts, SWEEP_DEFAULTS.maxAttempts);
  try {
    if (decision.action === 'give-up') {
      await deps.store.fail(reminder, claimToken, `gave up after ${decision.attempts} attempts: ${reason}`, now);
      deps.log.error('scheduled action failed for good', { reminderId: reminder.id, chatId: reminder.chatId, attempts: decision.attempts, reason });
      return;
    }
    const retryAt = new Date(now.getTime() + retryDelayMs(decision.attempt, DEFAULT_BACKOFF, Math.random()));
    await deps.store.retryLater(reminder, claimToken, retryAt, reason, now);
    deps.log.warn('scheduled action failed; it runs again later', { reminderId: reminder.id, chatId: reminder.chatId, attempt: decision.attempt, retryAt: retryAt.toISOString(), reason });
  } catch (storeError) {
    // The row still carries the claim: it is due again when the lease ends.
    deps.log.error('scheduled action failed and the failure could not be recorded; it runs again after its lease', { reminderId: reminder.id, error: describe(storeError) });
  }
}

