import type { DeliveryStore } from '../store/consumer-ports.ts';
import type { DueCursor, DueRow } from '../store/port.ts';

/** Where a run stands in one shard of the due index. */
interface ShardState {
  next?: DueCursor;
  /** The index position (dueSk) of the last row read in this pass; '' before the pass's first page. */
  frontier: string;
  /** Read to the window's end (or to rows past the run's deadline); `at` is when, for the re-read timer. */
  exhausted: boolean;
  exhaustedAt: number;
  /** Reached rows this run cannot claim before its deadline: nothing more for this run here, ever. */
  finished: boolean;
  /** Another sweeper is working here (a claim lost to someone else); until then, other shards come first. */
  contestedUntil: number;
}

/** How long a shard where another claimer won a claim comes after free shards at the same position (and is read before claiming). */
const CONTESTED_MS = 10_000;

/**
 * A run's lazy walk over the due index: one page of one shard at a time, continuing where the shard's
 * last page ended, so every row is read once per pass. Runs start at a random shard and stay on it
 * while they have more work than room ("shard ownership"), so racing sweepers mostly drain different
 * shards instead of all claiming the same rows; a shard where a claim was lost to another claimer comes
 * after free shards at the same position for a while, and its rows are read before they are claimed.
 */
export class DueReader {
  private readonly shards: ShardState[];
  private current: number;
  itemsRead = 0;
  queries = 0;

  constructor(
    private readonly store: Pick<DeliveryStore, 'findDuePage' | 'dueShards'>,
    private readonly windowEnd: Date,
    random: () => number,
  ) {
    const count = store.dueShards;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`the store reports ${count} due shards`);
    this.shards = Array.from({ length: count }, () => ({ exhausted: false, exhaustedAt: 0, finished: false, contestedUntil: 0, frontier: '' }));
    this.current = Math.min(count - 1, Math.floor(random() * count));
  }

  get shardCount(): number {
    return this.shards.length;
  }

  /**
   * Up to `count` shards worth reading next: the shard read least far first (its last row read is due
   * earliest), uncontested before contested where positions tie, then rotation order from the current
   * shard. So the run reads the index in about due order across shards: every row due before the
   * earliest of those positions has been read, and a run that may hold fewer rows than its look-ahead
   * has does not fill its bound with one shard's rows due at the end of the window while another
   * shard's rows due in the next seconds are not read yet (they were read, and sent, late).
   *
   * A contest only breaks ties. Positions already due (and unread shards) tie at now, so in a backlog
   * racing runs still keep to their own shards and leave contested ones for last. But a contested shard
   * whose next rows come due in seconds is read before a free shard's rows a minute ahead: put after
   * every free shard, it went unread for the whole contest, and a claim lost to a reminder's own early
   * timer (routine, not a racing sweeper) left that shard's rows due in the next 10 s to be read, and
   * sent, up to 10 s late (the full precision run's 1–5 s outliers).
   */
  pick(count: number, now: number): number[] {
    const order = Array.from({ length: this.shards.length }, (_, i) => (this.current + i) % this.shards.length);
    const open = order.filter((shard) => !this.shards[shard]!.exhausted);
    // Positions already due count as now: a backlog (everything overdue) keeps the rotation from the
    // current shard, i.e. shard ownership, so racing runs still drain different shards. Array sort is
    // stable: equal positions and contest states keep that rotation.
    const dueNow = new Date(now).toISOString();
    const position = (shard: number) => {
      const frontier = this.shards[shard]!.frontier;
      return frontier < dueNow ? dueNow : frontier;
    };
    const contested = (shard: number) => (this.shards[shard]!.contestedUntil > now ? 1 : 0);
    return open.sort((a, b) => compare(position(a), position(b)) || contested(a) - contested(b)).slice(0, count);
  }

  /** Reads the next page of `shard` (at most `limit` rows). Throws what the store throws; the shard stays where it was. */
  async read(shard: number, limit: number, now: number): Promise<DueRow[]> {
    const state = this.shards[shard]!;
    const page = await this.store.findDuePage(shard, this.windowEnd, { limit, ...(state.next ? { after: state.next } : {}) });
    this.queries++;
    this.itemsRead += page.itemsRead;
    const last = page.rows.at(-1);
    if (last) state.frontier = last.dueSk;
    if (page.next) state.next = page.next;
    else this.markExhausted(shard, now);
    return page.rows;
  }

  /** Stay on `shard` while it has rows: the run owns it until it is drained or contested. */
  stayOn(shard: number): void {
    if (!this.shards[shard]!.exhausted) this.current = shard;
  }

  /** Light load: spread out, the next read goes to the next shard. */
  moveOn(): void {
    this.current = (this.current + 1) % this.shards.length;
  }

  /** The rest of this shard is past the run's deadline: never read it again in this run. */
  finish(shard: number, now: number): void {
    this.shards[shard]!.finished = true;
    this.markExhausted(shard, now);
  }

  /** Someone else claimed a row here: leave the shard to them while others have work. */
  contest(shard: number, now: number): void {
    this.shards[shard]!.contestedUntil = now + CONTESTED_MS;
    if (this.current === shard) this.moveOn();
  }

  /** Not read yet in this pass: nothing is known of where its rows stand. */
  isUnread(shard: number): boolean {
    return this.shards[shard]!.frontier === '';
  }

  isContested(shard: number, now: number): boolean {
    return this.shards[shard]!.contestedUntil > now;
  }

  /** The page could not be read: the shard waits for the next restart (its rows stay due). */
  abandon(shard: number, now: number): void {
    this.markExhausted(shard, now);
  }

  allExhausted(): boolean {
    return this.shards.every((state) => state.exhausted);
  }

  /** When the earliest exhausted shard is worth reading again (rows may have come due there), or undefined. */
  nextRestartAt(intervalMs: number): number | undefined {
    let earliest: number | undefined;
    for (const state of this.shards) {
      if (!state.exhausted || state.finished) continue;
      const at = state.exhaustedAt + intervalMs;
      if (earliest === undefined || at < earliest) earliest = at;
    }
    return earliest;
  }

  /** Reads again from the start every shard exhausted at least `intervalMs` ago (all of them with 0). Returns how many. */
  restart(now: number, intervalMs: number): number {
    let restarted = 0;
    for (const state of this.shards) {
      if (!state.exhausted || state.finished || state.exhaustedAt + intervalMs > now) continue;
      state.exhausted = false;
      state.frontier = '';
      delete state.next;
      restarted++;
    }
    return restarted;
  }

  private markExhausted(shard: number, now: number): void {
    const state = this.shards[shard]!;
    state.exhausted = true;
    state.exhaustedAt = now;
    delete state.next;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
