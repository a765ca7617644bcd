// Claim -> send -> settle for one due row, and the pure decisions around it. The sweeper and the
// agent's short timers both deliver through here, so whoever claims first delivers.
export { claimAndDeliver, sleepUntil } from './deliver-row.ts';
export { deliverWhenDue, dueRowOf, type DeliverWhenDueOptions } from './deliver-when-due.ts';
export { retryDelayMs, afterTransientFailure, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
export { orderDueRows, claimAt, deliverAt, mayClaim, belongsToRun, nextDueAfterDelivery } from './plan.ts';
export { reminderMessageText, isLate, latenessMs, LATE_AFTER_MS } from './reminder-message.ts';
export { resolveDeliveryOptions, SWEEP_DEFAULTS, type ResolvedDeliveryOptions } from './options.ts';
export type { DeliveryDeps, DeliveryOptions, RowOutcome, RowResult } from './types.ts';
