/**
 * "At most `limit` events in any `windowMs`" — a sliding-window log.
 * Stricter than a token bucket of the same size (a bucket allows twice the limit across a window
 * boundary), which matters because Telegram answers 429 rather than queueing.
 *
 * With `spacingMs`, events are also paced one per `spacingMs` on an ideal schedule: an event that
 * went out late (a timer fired a few ms after it was due) does not push the schedule back, up to
 * half a slot, so timer lateness does not compound into a lower rate. Without pacing a window that
 * starts with a burst of `limit` repeats that burst every window.
 * Pure: every method takes the current time, so tests control time explicitly.
 */
export class SlidingWindow {
  private readonly stamps: number[] = [];
  private pausedUntil = 0;
  /** When the next paced event is due on the ideal schedule. */
  private nextSlot = -Infinity;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly spacingMs = 0,
  ) {
    if (!(limit > 0) || !(windowMs > 0)) throw new RangeError(`rate window needs a positive limit and window, got ${limit}/${windowMs}ms`);
    if (!(spacingMs >= 0)) throw new RangeError(`rate window spacing must not be negative, got ${spacingMs}ms`);
  }

  /** Milliseconds until one more event fits (0 = now). */
  delayAt(now: number): number {
    this.prune(now);
    const pause = Math.max(0, this.pausedUntil - now, this.nextSlot - now);
    if (this.stamps.length < this.limit) return pause;
    const oldestThatCounts = this.stamps[this.stamps.length - this.limit]!;
    return Math.max(pause, oldestThatCounts + this.windowMs - now);
  }

  record(now: number): void {
    this.stamps.push(now);
    if (this.spacingMs > 0) this.nextSlot = Math.max(this.nextSlot, now - this.spacingMs / 2) + this.spacingMs;
  }

  /**
   * Moves the event counted at `counted` to `at`, if later: the event happened later than counted (a
   * request written to the socket after an event-loop stall). Stamps stay sorted.
   */
  restamp(counted: number, at: number): void {
    if (!(at > counted)) return;
    const index = this.stamps.lastIndexOf(counted);
    if (index < 0) return;
    let i = index;
    while (i + 1 < this.stamps.length && this.stamps[i + 1]! < at) {
      this.stamps[i] = this.stamps[i + 1]!;
      i++;
    }
    this.stamps[i] = at;
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
