import type { DueRow } from '../store/port.ts';
import { claimAndDeliver, describe, sleepUntil } from './deliver-row.ts';
import { createGate } from './gate.ts';
import { percentile } from './lag-stats.ts';
import { resolveSweepOptions } from './options.ts';
import { belongsToRun, claimAt, mayClaim, orderDueRows } from './plan.ts';
import { withStoreRetry } from './store-retry.ts';
import type { RowResult, SweepDeps, SweepOptions, SweepReport } from './types.ts';

/** A row that hit store errors this often in one run is left for the next run rather than hammered. */
const MAX_STORE_ERRORS_PER_ROW = 3;
/** Pause before re-querying after store errors, so a throttled table gets air. */
const STORE_ERROR_PAUSE_MS = 1_000;

/**
 * One sweeper run: takes every row due up to now + look-ahead, claims each just before its second,
 * delivers it on that second, and completes, retries or fails it. The run stays alive only while
 * something is due in its window (re-querying for rows added meanwhile) and claims nothing at or after
 * `options.deadline`; whatever is left is simply still due for the next run.
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

  /** Rows taken on, by reminder id + index position as read: a row that moved (edited, retried) is a new row. */
  const seen = new Set<string>();
  const storeErrorsByRow = new Map<string, number>();
  const dueIds = new Set<string>();
  /** Due in the window but past what this run may claim before its deadline: the next run's. */
  const leftOver = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const results: RowResult[] = [];
  let queries = 0;
  let queryErrors = 0;
  let stoppedBy: SweepReport['stoppedBy'] = 'idle';
  let pauseBeforeQuery = false;

  const take = (row: DueRow) => {
    const key = `${row.id}|${row.dueSk}`;
    seen.add(key);
    dueIds.add(row.id);
    const task = (async () => {
      let result: RowResult;
      try {
        await sleepUntil(deps, claimAt(row, settings.claimLeadMs));
        result = await gate(() => claimAndDeliver(row, deps, settings, settings.deadline));
      } catch (error) {
        // claimAndDeliver settles every store and send failure itself; this guards the clock/sleep
        // seams. The row is unclaimed or leased, so it is still due either way.
        deps.log.error('sweeper row task failed unexpectedly', { reminderId: row.id, error: describe(error) });
        result = { reminderId: row.id, chatId: row.chatId, dueAt: row.dueAt, outcome: 'store-error', claimed: false, reason: describe(error) };
      }
      results.push(result);
      if (result.outcome === 'store-error' && !result.claimed) {
        // Unclaimed, so still due at the same position: let a later query in this run try it again.
        const errors = (storeErrorsByRow.get(key) ?? 0) + 1;
        storeErrorsByRow.set(key, errors);
        if (errors < MAX_STORE_ERRORS_PER_ROW) seen.delete(key);
        pauseBeforeQuery = true;
      }
    })();
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  for (;;) {
    if (pauseBeforeQuery) {
      pauseBeforeQuery = false;
      await deps.sleep(STORE_ERROR_PAUSE_MS);
    }
    if (!mayClaim(deps.clock(), settings.deadline)) {
      stoppedBy = 'deadline';
      break;
    }
    let fresh: DueRow[] = [];
    try {
      const found = await withStoreRetry(() => deps.store.findDue(windowEnd), deps.sleep, random);
      queries++;
      fresh = found.rows.filter((row) => !seen.has(`${row.id}|${row.dueSk}`));
      for (const row of fresh) if (!belongsToRun(row, settings.claimLeadMs, settings.deadline)) leftOver.add(row.id);
      fresh = fresh.filter((row) => belongsToRun(row, settings.claimLeadMs, settings.deadline));
    } catch (error) {
      // Nothing is lost: every row stays due. Try again while work is in flight, else leave it to the next run.
      queryErrors++;
      pauseBeforeQuery = true;
      deps.log.warn('sweeper could not query the due index', { error: describe(error) });
    }
    for (const row of orderDueRows(fresh, random)) take(row);
    if (inFlight.size === 0) break;
    // Wake when everything in flight is done (re-query: retries or new rows may have landed in the
    // window), or after the re-query interval while rows are still being waited for.
    const untilWindowEnd = windowEnd.getTime() - deps.clock().getTime();
    const waits: Promise<unknown>[] = [Promise.allSettled([...inFlight])];
    if (untilWindowEnd > 0) waits.push(deps.sleep(Math.min(settings.requeryIntervalMs, untilWindowEnd)));
    await Promise.race(waits);
  }
  // Past the deadline nothing new is claimed, but rows already claimed finish their delivery.
  await Promise.allSettled([...inFlight]);

  for (const id of dueIds) leftOver.delete(id);
  const report = summarise(results, { startedAt, finishedAt: deps.clock(), windowEnd, stoppedBy, queries, dueFound: dueIds.size + leftOver.size, queryErrors, leftOver: leftOver.size });
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

interface RunFacts {
  startedAt: Date;
  finishedAt: Date;
  windowEnd: Date;
  stoppedBy: SweepReport['stoppedBy'];
  queries: number;
  dueFound: number;
  queryErrors: number;
  /** Rows seen but not taken because their claim time was past the deadline. */
  leftOver?: number;
}

/** The run's numbers from its row results. Pure. */
export function summarise(rows: RowResult[], facts: RunFacts): SweepReport {
  const count = (outcome: RowResult['outcome']) => rows.filter((row) => row.outcome === outcome).length;
  const lags = rows.flatMap((row) => (row.lagMs === undefined ? [] : [row.lagMs]));
  return {
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    windowEnd: facts.windowEnd.toISOString(),
    stoppedBy: facts.stoppedBy,
    queries: facts.queries,
    dueFound: facts.dueFound,
    claimed: rows.filter((row) => row.claimed).length,
    delivered: count('delivered') + count('delivered-uncompleted'),
    late: rows.filter((row) => row.late).length,
    retried: count('retried'),
    failed: count('failed'),
    claimConflicts: count('claim-conflict'),
    storeErrors: count('store-error') + facts.queryErrors,
    deferred: count('deferred') + (facts.leftOver ?? 0),
    uncompleted: count('delivered-uncompleted'),
    maybeDelivered: rows.filter((row) => row.maybeDelivered).length,
    lagP50Ms: percentile(lags, 50),
    lagP95Ms: percentile(lags, 95),
    lagMaxMs: lags.length ? Math.max(...lags) : null,
    rows,
  };
}
