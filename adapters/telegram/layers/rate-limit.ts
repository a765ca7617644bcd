import type { RateLimiter } from '../../../core/telegram/rate-limits.ts';
import { OUT_OF_BUDGET, type Layer } from './call.ts';

/**
 * Waits for the limiter before each request and records it when it goes out. A wait that would pass
 * the call's deadline is not waited: the call ends `retry` with how long it would have been.
 */
export function withinRateLimits(limiter: RateLimiter, deps: { now: () => number; sleep: (ms: number) => Promise<void> }): Layer {
  return (next) => async (call) => {
    for (;;) {
      const limitWait = limiter.delayAt(call.chatId, deps.now(), call.chatLimited);
      if (limitWait <= 0) break;
      if (deps.now() + limitWait > call.deadline) return { kind: 'retry', reason: OUT_OF_BUDGET, retryAfterMs: limitWait };
      await deps.sleep(limitWait);
    }
    if (call.deadline - deps.now() <= 0) return { kind: 'retry', reason: OUT_OF_BUDGET };
    limiter.record(call.chatId, deps.now(), call.chatLimited);
    return next(call);
  };
}
