/**
 * "At most `limit` events in any `windowMs`" — a sliding-window log.
 * Stricter than a token bucket of the same size (a bucket allows twice the limit across a window
 * boundary), which matters because Telegram answers 429 rather than queueing.
 * Pure: every method takes the current time, so tests control time explicitly.
 */
export class SlidingWindow {
  private readonly stamps: number[] = [];
  private pausedUntil = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    if (!(limit > 0) || !(windowMs > 0)) throw new RangeError(`rate window needs a positive limit and window, got ${limit}/${windowMs}ms`);
  }

  /** Milliseconds until one more event fits (0 = now). */
  delayAt(now: number): number {
    this.prune(now);
    const pause = Math.max(0, this.pausedUntil - now);
    if (this.stamps.length < this.limit) return pause;
    const oldestThatCounts = this.stamps[this.stamps.length - this.limit]!;
    return Math.max(pause, oldestThatCounts + this.windowMs - now);
  }

  record(now: number): void {
    this.stamps.push(now);
  }

  /** Holds every event back until `until` (a 429's `retry_after`). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** True when nothing recorded still counts: the window can be forgotten. */
  idleAt(now: number): boolean {
    this.prune(now);
    return this.stamps.length === 0 && this.pausedUntil <= now;
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.stamps.length && this.stamps[drop]! <= now - this.windowMs) drop++;
    if (drop > 0) this.stamps.splice(0, drop);
  }
}
