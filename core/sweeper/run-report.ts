import { percentile } from './lag-stats.ts';
import type { RowResult, SweepReport } from './types.ts';

export interface RunFacts {
  startedAt: Date;
  finishedAt: Date;
  windowEnd: Date;
  stoppedBy: SweepReport['stoppedBy'];
  queries: number;
  /** Due-index items read (DynamoDB's ScannedCount): the run's read cost. */
  itemsRead?: number;
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
    itemsRead: facts.itemsRead ?? 0,
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
