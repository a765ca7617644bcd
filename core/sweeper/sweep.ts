import type { DueRow } from '../store/port.ts';
import { describeError as describe } from '../describe-error.ts';
import { claimAndDeliver, sleepUntil } from '../delivery/deliver-row.ts';
import { DueReader } from './due-reader.ts';
import { createGate } from './gate.ts';
import { resolveSweepOptions } from './sweep-options.ts';
import { belongsToRun, claimAt, mayClaim } from '../delivery/plan.ts';
import { summarise } from './run-report.ts';
import { withStoreRetry } from '../delivery/store-retry.ts';
import type { RowResult, SweepDeps, SweepOptions, SweepReport } from './types.ts';

/** A row that hit store errors this often in one run is left for the next run rather than hammered. */
const MAX_STORE_ERRORS_PER_ROW = 3;
/** Pause before reading again after store errors, so a throttled table gets air. */
const STORE_ERROR_PAUSE_MS = 1_000;
/** Rows a run holds about to be claimed (within this of their claim time) per unit of concurrency: enough to keep every slot busy. */
const READY_PER_SLOT = 2;
/** Rows a run holds at all (most waiting for their second in the look-ahead) per unit of concurrency: the memory bound. */
const HELD_PER_SLOT = 8;
/** A row counts as ready this long before its claim time. */
const READY_AHEAD_MS = 1_000;
/**
 * Rows of one chat held at once. Telegram takes ~1 message a second per chat, and a chat's rows go to
 * delivery one at a time, so more would only fill the run's memory; a chat's further rows are passed
 * over (left in the index) and read again on a later pass. So a chat with 10,000 due costs itself
 * reads, not other chats their turn. Several reminders of one chat in the same minute still all land
 * on their second.
 */
const HELD_PER_CHAT = 8;
/** Shards read at once while the run has nothing ready (its start, light load); one at a time under load. */
const FAN_OUT = 4;
const MIN_PAGE = 4;

/**
 * One sweeper run: claims each row due up to now + look-ahead just before its second, delivers it on
 * that second, and completes, retries or fails it. Claims nothing at or after `options.deadline`;
 * whatever is left is still due for the next run.
 *
 * Bounded: the run reads the due index lazily, one page of one shard at a time, only as far as it has
 * room (about `2 × concurrency` rows ready to claim, `8 × concurrency` held in all), so what it reads and
 * holds follows what it can deliver before its deadline, not the size of the backlog. It stays on one
 * shard while it has more work than room, starting from a random shard, so racing runs drain different
 * shards; each chat has at most two rows held and one in delivery. While rows are in flight, a shard
 * read to the window's end is read again after `requeryIntervalMs` (rows added to the window, retries);
 * the run ends when nothing is held and a fresh pass over every shard finds nothing.
 *
 * @example
 * const report = await sweep(deps, { deadline: new Date(Date.now() + context.getRemainingTimeInMillis() - 20_000) });
 */
export async function sweep(deps: SweepDeps, options: SweepOptions): Promise<SweepReport> {
  const settings = resolveSweepOptions(options);
  const random = deps.random ?? Math.random;
  const startedAt = deps.clock();
  const windowEnd = new Date(startedAt.getTime() + settings.lookAheadMs);
  const gate = createGate(settings.concurrency);
  const reader = new DueReader(deps.store, windowEnd, random);
  const readyCap = settings.concurrency * READY_PER_SLOT;
  const heldCap = settings.concurrency * HELD_PER_SLOT;

  /** Rows taken on, by reminder id + index position as read: a row that moved (edited, retried) is a new row. */
  const seen = new Set<string>();
  const storeErrorsByRow = new Map<string, number>();
  const dueIds = new Set<string>();
  /** Due in the window but not taken (past the deadline, or its chat had enough held): the next pass's or run's. */
  const leftOver = new Set<string>();
  /** Held rows (taken, not finished): key → claim time (ms) and chat. */
  const held = new Map<string, { at: number; chatId: number }>();
  /** Ids held: our own claim's lease row, met again further on in its shard, is not a new row. */
  const heldIds = new Set<string>();
  const heldPerChat = new Map<number, number>();
  /** One row per chat in delivery at a time (in the order they come due), so a busy chat waits outside the shared slots. */
  const chatGates = new Map<number, ReturnType<typeof createGate>>();
  const inFlight = new Set<Promise<void>>();
  const results: RowResult[] = [];
  let queryErrors = 0;
  let stoppedBy: SweepReport['stoppedBy'] = 'idle';
  let pauseBeforeQuery = false;
  let takenSinceFullPass = 0;
  let wake: () => void = () => {};
  let woken = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    wake();
    woken = new Promise<void>((resolve) => (wake = resolve));
  };

  /** Claims through the shared protocol; first a read where a write would likely be a lost claim (another run's lease, a contested shard). */
  const claimRow = async (row: DueRow, shard: number): Promise<RowResult> => {
    const base = { reminderId: row.id, chatId: row.chatId, dueAt: row.dueAt };
    if (!mayClaim(deps.clock(), settings.deadline)) return { ...base, outcome: 'deferred', claimed: false };
    if (row.status === 'sending' || reader.isContested(shard, deps.clock().getTime())) {
      try {
        const current = await deps.store.getReminder(row.chatId, row.id);
        // A read is a fraction of a conditional write's cost, and a lost claim is billed like a won one.
        // Moved since read, or held: a claim leaves the row in place and writes only its lease end.
        if (current?.dueSk !== row.dueSk || holdsLiveClaim(current, deps.clock())) return { ...base, outcome: 'claim-conflict', claimed: false };
      } catch {
        // The claim's own condition decides.
      }
    }
    return claimAndDeliver(row, deps, settings, settings.deadline);
  };

  const take = (row: DueRow, shard: number) => {
    const key = `${row.id}|${row.dueSk}`;
    seen.add(key);
    dueIds.add(row.id);
    leftOver.delete(row.id);
    held.set(key, { at: claimAt(row, settings.claimLeadMs).getTime(), chatId: row.chatId });
    heldIds.add(row.id);
    heldPerChat.set(row.chatId, (heldPerChat.get(row.chatId) ?? 0) + 1);
    takenSinceFullPass++;
    let chatGate = chatGates.get(row.chatId);
    if (!chatGate) chatGates.set(row.chatId, (chatGate = createGate(1)));
    const task = (async () => {
      let result: RowResult;
      try {
        await sleepUntil(deps, claimAt(row, settings.claimLeadMs));
        result = await chatGate(() => gate(() => claimRow(row, shard)));
      } catch (error) {
        // claimAndDeliver settles every store and send failure itself; this guards the clock/sleep
        // seams. The row is unclaimed or leased, so it is still due either way.
        deps.log.error('sweeper row task failed unexpectedly', { reminderId: row.id, error: describe(error) });
        result = { reminderId: row.id, chatId: row.chatId, dueAt: row.dueAt, outcome: 'store-error', claimed: false, reason: describe(error) };
      }
      results.push(result);
      if (result.outcome === 'claim-conflict' && row.status !== 'sending') reader.contest(shard, deps.clock().getTime());
      if (result.outcome === 'store-error' && !result.claimed) {
        // Unclaimed, so still due at the same position: a later pass in this run may try it again.
        const errors = (storeErrorsByRow.get(key) ?? 0) + 1;
        storeErrorsByRow.set(key, errors);
        if (errors < MAX_STORE_ERRORS_PER_ROW) seen.delete(key);
        pauseBeforeQuery = true;
      }
    })();
    inFlight.add(task);
    void task.finally(() => {
      inFlight.delete(task);
      held.delete(key);
      heldIds.delete(row.id);
      const left = (heldPerChat.get(row.chatId) ?? 1) - 1;
      if (left > 0) heldPerChat.set(row.chatId, left);
      else {
        heldPerChat.delete(row.chatId);
        chatGates.delete(row.chatId);
      }
      notify();
    });
  };

  /**
   * Rows of a page: taken, passed over, or the end of what this run may claim in the shard. Taken in a
   * random order: racing runs that read the same page then mostly reach different rows first, and the
   * loser of a row finds it gone by a read (contested shard) instead of a billed conflicting write.
   */
  const consider = (rows: DueRow[], shard: number, now: number) => {
    const candidates: DueRow[] = [];
    for (const row of rows) {
      if (seen.has(`${row.id}|${row.dueSk}`) || heldIds.has(row.id)) continue;
      // Another claimer's live lease (its row moved forward by the claim): almost always settled long
      // before it ends, so waiting for it would only keep this run alive. Taken once it has run out.
      if (row.status === 'sending' && claimAt(row, settings.claimLeadMs).getTime() > now) continue;
      if (!belongsToRun(row, settings.claimLeadMs, settings.deadline)) {
        // Index order: everything after this row in the shard is later still.
        leftOver.add(row.id);
        reader.finish(shard, now);
        break;
      }
      candidates.push(row);
    }
    for (const row of shuffled(candidates, random)) {
      if ((heldPerChat.get(row.chatId) ?? 0) >= HELD_PER_CHAT) leftOver.add(row.id);
      else take(row, shard);
    }
  };

  /**
   * How many more rows the run has room to read now (0: enough is held). Ready rows count once per chat:
   * a chat's second ready row waits for its first, and must not keep the run from reading other chats.
   * Ready counts the rows claimed within the next ~2 s (READY_AHEAD_MS + the claim lead), and a slot holds
   * a row about that long (claim, wait for its second, send), so reading stops at `readyCap` (2 per slot:
   * the slots are full), not at half of it: at half, a steady `concurrency / 2` rows a second due kept the
   * run from reading for whole seconds while its slots were free, and rows of unread shards were sent late.
   */
  const room = (now: number): { rows: number; ready: number } => {
    const readyChats = new Set<number>();
    for (const { at, chatId } of held.values()) if (at <= now + READY_AHEAD_MS) readyChats.add(chatId);
    const ready = readyChats.size;
    if (held.size >= heldCap || ready >= readyCap) return { rows: 0, ready };
    return { rows: Math.min(readyCap - ready, heldCap - held.size), ready };
  };

  for (;;) {
    if (pauseBeforeQuery) {
      pauseBeforeQuery = false;
      await deps.sleep(STORE_ERROR_PAUSE_MS);
    }
    const now = deps.clock().getTime();
    if (!mayClaim(new Date(now), settings.deadline)) {
      stoppedBy = 'deadline';
      break;
    }
    // While rows are in flight, shards read dry a while ago are read again: rows may have come due there.
    if (held.size > 0) reader.restart(now, settings.requeryIntervalMs);
    const space = room(now);
    const picks = space.rows > 0 ? reader.pick(space.ready === 0 ? Math.max(1, Math.min(FAN_OUT, Math.floor(space.rows / MIN_PAGE))) : 1, now) : [];
    if (picks.length > 0) {
      const limit = Math.max(MIN_PAGE, Math.ceil(space.rows / picks.length));
      // A shard's first page in a pass is small: the bound is shared by every shard, and a few large
      // first pages (each reaching the window's end where rows are few) would fill it with rows due in
      // a minute while the other shards' rows due in the next seconds are not read yet.
      const firstLimit = Math.max(1, Math.min(limit, Math.floor(heldCap / (2 * reader.shardCount))));
      const pages = await Promise.all(
        picks.map(async (shard) => {
          const pageLimit = reader.isUnread(shard) ? firstLimit : limit;
          try {
            return { shard, rows: await withStoreRetry(() => reader.read(shard, pageLimit, now), deps.sleep, random) };
          } catch (error) {
            // Nothing is lost: every row stays due. The shard is read again on a later pass, or by the next run.
            queryErrors++;
            pauseBeforeQuery = true;
            reader.abandon(shard, now);
            deps.log.warn('sweeper could not query the due index', { shard, error: describe(error) });
            return { shard, rows: [] };
          }
        }),
      );
      for (const page of pages) consider(page.rows, page.shard, now);
      // More work than room: stay on this shard (racing runs then drain different shards); else spread out.
      if (room(deps.clock().getTime()).rows === 0) reader.stayOn(picks[0]!);
      else reader.moveOn();
      continue;
    }
    if (held.size === 0) {
      // Nothing held and nothing left to read. A last pass over every shard catches retries and rows
      // added meanwhile; a pass that finds nothing ends the run.
      if (takenSinceFullPass === 0 && reader.allExhausted()) break;
      reader.restart(now, 0);
      takenSinceFullPass = 0;
      continue;
    }
    const waits: Promise<unknown>[] = [woken];
    const restartAt = reader.nextRestartAt(settings.requeryIntervalMs);
    if (space.rows > 0 && restartAt !== undefined && restartAt < windowEnd.getTime()) waits.push(deps.sleep(Math.max(1, restartAt - now)));
    await Promise.race(waits);
  }
  // Past the deadline nothing new is claimed, but rows already claimed finish their delivery.
  await Promise.allSettled([...inFlight]);

  for (const id of dueIds) leftOver.delete(id);
  const report = summarise(results, {
    startedAt,
    finishedAt: deps.clock(),
    windowEnd,
    stoppedBy,
    queries: reader.queries,
    itemsRead: reader.itemsRead,
    dueFound: dueIds.size + leftOver.size,
    queryErrors,
    leftOver: leftOver.size,
  });
  const { rows: _rows, ...summary } = report;
  deps.log.info('sweep finished', { ...summary });
  if (deps.metrics) {
    try {
      await deps.metrics.publish(report);
    } catch (error) {
      deps.log.warn('sweep metrics could not be published', { error: describe(error) });
    }
  }
  return report;
}

/** True while another claimer's lease on the row runs (the claim condition would refuse us). */
function holdsLiveClaim(reminder: { claimToken?: string | undefined; claimedUntil?: string | undefined }, now: Date): boolean {
  return reminder.claimToken !== undefined && reminder.claimedUntil !== undefined && Date.parse(reminder.claimedUntil) > now.getTime();
}

/** Fisher–Yates over a copy. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
