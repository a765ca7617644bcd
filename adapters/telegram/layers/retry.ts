import type { Log } from '../../../core/log.ts';
import { backoffDelay } from '../../../core/telegram/backoff.ts';
import type { SendOutcome } from '../../../core/telegram/port.ts';
import { redactToken } from '../../../core/telegram/redact.ts';
import { RETRIED_INSIDE } from '../classify.ts';
import { OUT_OF_BUDGET, type Layer } from './call.ts';

export interface RetryDeps {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: Log;
  token: string;
  /** A 429 slows the whole chat down, not just this call (the limiter's pause). */
  onRateLimited: (chatId: number, untilMs: number) => void;
}

/**
 * Retries 429s, 5xx and failures before the request was written, after Telegram's `retry_after` or a
 * jittered back-off, while the call's budget lasts. A send that may have arrived is never repeated.
 */
export function retriedWithinBudget(deps: RetryDeps): Layer {
  return (next) => async (call) => {
    const { method, chatId } = call;
    // What went wrong last, so running out of budget afterwards reports the real cause.
    let lastReason = 'rate_limited';
    for (let attempts = 1; ; attempts++) {
      const outcome = await next(call);
      if (outcome.kind === 'retry' && outcome.reason === OUT_OF_BUDGET) {
        return { kind: 'retry', reason: lastReason, ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}) };
      }
      if (outcome.kind === 'maybe-delivered') {
        deps.log.warn('telegram send may have been delivered; not repeating it', { method, chatId, attempts, reason: outcome.reason });
        return outcome;
      }
      if (outcome.kind !== 'retry' || !RETRIED_INSIDE.has(outcome.reason)) {
        logFinal(deps, method, chatId, attempts, outcome);
        return outcome;
      }
      lastReason = outcome.reason;
      const wait = outcome.retryAfterMs ?? backoffDelay(attempts, deps.random);
      if (outcome.reason === 'rate_limited') deps.onRateLimited(chatId, deps.now() + wait);
      if (deps.now() + wait > call.deadline) {
        deps.log.warn('telegram call out of wait budget', { method, chatId, attempts, reason: outcome.reason, retryAfterMs: wait });
        return { kind: 'retry', reason: outcome.reason, retryAfterMs: wait };
      }
      deps.log.info('telegram call retrying', { method, chatId, attempt: attempts, reason: outcome.reason, waitMs: wait });
      await deps.sleep(wait);
    }
  };
}

function logFinal(deps: RetryDeps, method: string, chatId: number, attempts: number, outcome: SendOutcome): void {
  if (outcome.kind === 'permanent') deps.log.warn('telegram refused', { method, chatId, attempts, reason: outcome.reason, description: redactToken(outcome.description, deps.token) });
  else if (outcome.kind === 'retry') deps.log.error('telegram call cannot succeed until an operator acts', { method, chatId, attempts, reason: outcome.reason });
}
