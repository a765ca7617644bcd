/** Exponential back-off with jitter for 5xx / network failures: 250 ms, 500 ms, 1 s … capped, each scaled by 50–100 %. */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 250, capMs = 5000): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + 0.5 * random()));
}
