/** How many update ids one agent process remembers; Telegram re-sends within seconds to minutes, so this is plenty. */
export const RECENT_UPDATES_CAPACITY = 1_000;

/**
 * The update ids this process has accepted lately, least recently seen evicted first. A second
 * line of defence behind the webhook's table-backed dedupe: the webhook records an update only after
 * the agent accepted it, so two overlapping re-sends of one update can both be relayed here.
 * Per process and bounded, so it catches that race, not every repeat across restarts.
 */
export class RecentUpdateIds {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recent.
  private readonly ids = new Map<number, true>();

  constructor(private readonly capacity: number = RECENT_UPDATES_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  /** Records `updateId`; true when it was already recorded (a repeat to skip), false when it is new. */
  seen(updateId: number): boolean {
    const repeat = this.ids.delete(updateId);
    this.ids.set(updateId, true);
    if (!repeat && this.ids.size > this.capacity) {
      const oldest = this.ids.keys().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return repeat;
  }

  /** Whether `updateId` is recorded, without recording it. */
  has(updateId: number): boolean {
    return this.ids.has(updateId);
  }

  get size(): number {
    return this.ids.size;
  }
}
