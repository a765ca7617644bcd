import type { RateLimiter } from '../../../core/telegram/rate-limits.ts';
import { OUT_OF_BUDGET, type Layer } from './call.ts';

/**
 * Waits for the limiter before each request and records it when it goes out. A wait that would pass
 * the call's deadline is not waited: the call ends `retry` with how long it would have been.
 *
 * Telegram counts a send when it arrives; the limiter counted it when it left. A round trip much
 * slower than the fastest one seen means the request left late (an event-loop stall between counting
 * it and writing it) or travelled slowly: it may have arrived as late as the answer minus the fastest
 * round trip, and is counted from then. Without this, such a send lands in the same second as the
 * sends a second after it and earns a 429 (measured in the backlog bench: all its 429s were these).
 */
export function withinRateLimits(limiter: RateLimiter, deps: { now: () => number; sleep: (ms: number) => Promise<void> }): Layer {
  let fastestRoundTrip = Infinity;
  return (next) => async (call) => {
    for (;;) {
      const limitWait = limiter.delayAt(call.chatId, deps.now(), call.chatLimited);
      if (limitWait <= 0) break;
      if (deps.now() + limitWait > call.deadline) return { kind: 'retry', reason: OUT_OF_BUDGET, retryAfterMs: limitWait };
      await deps.sleep(limitWait);
    }
    if (call.deadline - deps.now() <= 0) return { kind: 'retry', reason: OUT_OF_BUDGET };
    const sentAt = deps.now();
    limiter.record(call.chatId, sentAt, call.chatLimited);
    const outcome = await next(call);
    const answeredAt = deps.now();
    fastestRoundTrip = Math.min(fastestRoundTrip, answeredAt - sentAt);
    limiter.settle(sentAt, answeredAt - fastestRoundTrip);
    return outcome;
  };
}
