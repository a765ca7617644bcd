import type { DeliveryDeps, DeliveryOptions, RowResult } from '../delivery/types.ts';

export type { DeliveryDeps, DeliveryOptions, RowOutcome, RowResult } from '../delivery/types.ts';

/** Where a run's numbers go. The Lambda passes an EMF (Powertools) sink; the core never imports Powertools. */
export interface SweepMetricsSink {
  publish(report: SweepReport): void | Promise<void>;
}

/** Everything a sweep touches, injected so tests, local mode and Lambda differ only here. */
export interface SweepDeps extends DeliveryDeps {
  metrics?: SweepMetricsSink;
}

export interface SweepOptions extends DeliveryOptions {
  /** Rows due up to now + lookAhead are taken by this run. Default 60 s (one EventBridge period). */
  lookAheadMs?: number;
  /** No claim starts at or after this instant; what is left is the next run's. The Lambda passes remaining time minus a safety margin. */
  deadline: Date;
  /** Rows worked on at once (claim → deliver → complete); the Telegram client's limiter keeps the send rate. Default 16. */
  concurrency?: number;
  /** While rows are being waited for, the index is queried again this often for rows added to the window. Default 10 s. */
  requeryIntervalMs?: number;
}

/** One run, summarised: the numbers go to the log line and the metrics sink. */
export interface SweepReport {
  startedAt: string;
  finishedAt: string;
  windowEnd: string;
  /** Why the run ended: nothing more due in its window, or its deadline. */
  stoppedBy: 'idle' | 'deadline';
  /** Due-index pages read. */
  queries: number;
  /** Due-index items read (DynamoDB's ScannedCount over every page): what the run's reads cost. */
  itemsRead: number;
  /** Distinct due rows seen in the window (including those left for the next run). */
  dueFound: number;
  claimed: number;
  delivered: number;
  late: number;
  retried: number;
  failed: number;
  claimConflicts: number;
  storeErrors: number;
  /** Due in the window but left for the next run: the deadline came first. */
  deferred: number;
  /** Sent but not recorded: each may be delivered once more after its lease. */
  uncompleted: number;
  /** Recorded as delivered after a send Telegram did not answer (timeout or reset after writing). */
  maybeDelivered: number;
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  lagMaxMs: number | null;
  rows: RowResult[];
}
