import type { Reminder, DueRow } from '../store/port.ts';
import { nextOccurrence } from '../time/index.ts';

/**
 * Pure decisions about *when*: the order rows are worked in, when each is claimed, whether a run
 * may still claim, and where a recurring reminder goes next.
 */

/**
 * Soonest first. Rows due in the same second are shuffled (by `random`) so that overlapping runs
 * (EventBridge double delivery, a `deliverWhenDue` timer, a late run) work through a spike in
 * different orders and mostly claim different rows, instead of all colliding on the same one.
 */
export function orderDueRows(rows: readonly DueRow[], random: () => number): DueRow[] {
  const keyed = rows.map((row) => ({ row, second: Math.floor(Date.parse(row.fireAt) / 1000), tie: random() }));
  keyed.sort((a, b) => a.second - b.second || a.tie - b.tie || a.row.fireAt.localeCompare(b.row.fireAt));
  return keyed.map((k) => k.row);
}

/** The instant the row is to be delivered: its index time (due time, lease end or back-off end), never before its due time. */
export function deliverAt(row: Pick<DueRow, 'fireAt' | 'dueAt'>): Date {
  return new Date(Math.max(Date.parse(row.fireAt), Date.parse(row.dueAt)));
}

/**
 * When to claim: just before the row's second, not when the run first sees it. A claim taken at the
 * start of a minute would hold the row for the whole wait — a crash then costs a lease (minutes of
 * lateness) instead of seconds, and a user's cancel/snooze during the wait would lose against a
 * message already committed to. Claiming `claimLeadMs` early leaves room for the claim's round trip
 * so the send still lands on the second.
 */
export function claimAt(row: Pick<DueRow, 'fireAt' | 'dueAt'>, claimLeadMs: number): Date {
  return new Date(deliverAt(row).getTime() - claimLeadMs);
}

/** A run claims only before its deadline: a claim after it could not finish the delivery inside the time budget. */
export function mayClaim(now: Date, deadline: Date): boolean {
  return now.getTime() < deadline.getTime();
}

/** Whether a run should wait for this row at all: not if its claim time is already past the run's deadline. */
export function belongsToRun(row: Pick<DueRow, 'fireAt' | 'dueAt'>, claimLeadMs: number, deadline: Date): boolean {
  return claimAt(row, claimLeadMs).getTime() < deadline.getTime();
}

/**
 * Where a delivered reminder goes: `undefined` for one-time (its row becomes its delivery-log entry),
 * otherwise the next occurrence strictly after the delivery instant — so a reminder missed during an
 * outage fires once, late, and then resumes on schedule instead of replaying every missed occurrence —
 * or null when until/count has ended the schedule.
 */
export function nextDueAfterDelivery(reminder: Pick<Reminder, 'schedule' | 'firedCount' | 'dueAt'>, deliveredAt: Date): Date | null | undefined {
  if (reminder.schedule.kind !== 'recurring') return undefined;
  // Never compute from before the occurrence just delivered, even if clocks disagree by a hair.
  const after = new Date(Math.max(deliveredAt.getTime(), Date.parse(reminder.dueAt)));
  return nextOccurrence(reminder.schedule, after, reminder.firedCount + 1);
}
