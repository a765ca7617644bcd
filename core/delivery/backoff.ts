/**
 * Back-off for transient delivery failures: pure, so the schedule is testable without waiting.
 */

export interface BackoffPolicy {
  /** Delay before the first retry; doubles per attempt. */
  baseMs: number;
  /** Cap on a single delay. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 30 * 60_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): exponential with "equal jitter" — half the
 * step is fixed so a retry never comes back immediately, half is random so a burst of failures
 * (a Telegram outage at 09:00) does not return as one burst. Telegram's own `retry_after`, when it
 * gave one, is a floor.
 *
 * @param jitter a number in [0, 1), e.g. from Math.random
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, jitter: number, retryAfterMs?: number): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`retry attempt must be a positive integer, got ${attempt}`);
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  const clampedJitter = Math.min(Math.max(jitter, 0), 1);
  const delay = Math.round(step / 2 + (step / 2) * clampedJitter);
  return Math.max(delay, retryAfterMs ?? 0);
}

/**
 * What to do after a transient failure of a row that had already failed `previousAttempts` times:
 * retry, or give up once this failure makes `maxAttempts`.
 */
export function afterTransientFailure(previousAttempts: number, maxAttempts: number): { action: 'retry'; attempt: number } | { action: 'give-up'; attempts: number } {
  const attempt = previousAttempts + 1;
  return attempt >= maxAttempts ? { action: 'give-up', attempts: attempt } : { action: 'retry', attempt };
}
