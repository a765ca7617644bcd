import { isWaitingToFire } from '../../schema/index.ts';
import type { DueRow, Reminder } from '../store/port.ts';
import { claimAndDeliver, sleepUntil, type DeliveryDeps } from './deliver-row.ts';
import { resolveDeliveryOptions } from './options.ts';
import { claimAt, deliverAt } from './plan.ts';
import type { DeliveryOptions, RowResult } from './types.ts';

export interface DeliverWhenDueOptions extends DeliveryOptions {
  /** Reminders due further away than this are left to the sweeper. Default 90 s (one sweeper period plus slack). */
  maxWaitMs?: number;
}

/** The due-index row a freshly written reminder stands at, or undefined when it is not waiting to fire. */
export function dueRowOf(reminder: Reminder): DueRow | undefined {
  // Failed and paused rows keep a dueSk too, in partitions the sweeper never reads: not waiting.
  if (!reminder.dueSk || !isWaitingToFire(reminder)) return undefined;
  const suffix = `#${reminder.id}`;
  if (!reminder.dueSk.endsWith(suffix)) return undefined;
  return { chatId: reminder.chatId, id: reminder.id, dueSk: reminder.dueSk, fireAt: reminder.dueSk.slice(0, -suffix.length), dueAt: reminder.dueAt, status: reminder.status };
}

/**
 * For a reminder due sooner than the next sweeper run ("in 20 seconds", written just after a run):
 * sleeps until its second in this process and delivers it through the same claim protocol as the
 * sweeper. The claim is conditional on the row as written, so if the sweeper (or another timer) got
 * there first — or the user cancelled or moved it meanwhile — this does nothing, and it can never
 * double-deliver with the sweeper. Resolves with the row's result, or `undefined` when there was
 * nothing to do here (not waiting to fire, or due too far away: the sweeper will take it).
 *
 * @example
 * const reminder = await store.createReminder(input, now);
 * void deliverWhenDue(reminder, deps); // fire and forget; errors are logged, never thrown
 */
export async function deliverWhenDue(reminder: Reminder, deps: DeliveryDeps, options: DeliverWhenDueOptions = {}): Promise<RowResult | undefined> {
  const settings = resolveDeliveryOptions(options);
  const row = dueRowOf(reminder);
  if (!row) return undefined;
  const maxWaitMs = options.maxWaitMs ?? 90_000;
  if (deliverAt(row).getTime() - deps.clock().getTime() > maxWaitMs) return undefined;
  try {
    await sleepUntil(deps, claimAt(row, settings.claimLeadMs));
    // A timer that wakes long after the due time (a suspended laptop) leaves the row to the sweeper,
    // whose run reports it in its numbers.
    const deadline = new Date(deliverAt(row).getTime() + 60_000);
    const result = await claimAndDeliver(row, deps, settings, deadline);
    logTimerResult(deps, result);
    return result;
  } catch (error) {
    // claimAndDeliver does not throw by design; this is a last guard for a fire-and-forget caller.
    deps.log.error('deliverWhenDue failed; the sweeper will take the row', { reminderId: reminder.id, error: String(error) });
    return undefined;
  }
}

/**
 * What the timer did, in words that match the outcome: most timers lose the claim to the sweeper (or
 * find the row cancelled or moved), and a log saying "delivered" then would send whoever reads it
 * looking for a duplicate that never happened.
 */
function logTimerResult(deps: Pick<DeliveryDeps, 'log'>, result: RowResult): void {
  const { reminderId, chatId, outcome } = result;
  switch (outcome) {
    case 'delivered':
    case 'delivered-uncompleted':
      deps.log.info('reminder delivered by its own timer', { ...result });
      return;
    case 'claim-conflict':
      deps.log.info('reminder timer found the row already taken (by the sweeper, or cancelled or moved); nothing sent here', { reminderId, chatId, outcome });
      return;
    case 'deferred':
      deps.log.info('reminder timer woke too late to claim; the sweeper will take the row', { reminderId, chatId, outcome });
      return;
    default:
      // retried, failed, store-error: the claim protocol has already logged the details.
      deps.log.info(`reminder timer did not deliver: ${outcome}`, { ...result });
  }
}
