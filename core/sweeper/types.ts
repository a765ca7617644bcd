import type { AgentRelay } from '../agent-relay/port.ts';
import type { Log } from '../log.ts';
import type { DeliveryStore } from '../store/consumer-ports.ts';
import type { TelegramClient } from '../telegram/port.ts';

/** Where a run's numbers go. The Lambda passes an EMF (Powertools) sink; the core never imports Powertools. */
export interface SweepMetricsSink {
  publish(report: SweepReport): void | Promise<void>;
}

/** Everything a sweep touches, injected so tests, local mode and Lambda differ only here. */
export interface SweepDeps {
  store: DeliveryStore;
  telegram: TelegramClient;
  relay: AgentRelay;
  clock: () => Date;
  /** Must let `clock` move on by about `ms` (a fake clock's sleep advances it). */
  sleep: (ms: number) => Promise<void>;
  log: Log;
  metrics?: SweepMetricsSink;
  /** Jitter source for back-off; Math.random by default. */
  random?: () => number;
}

/** Knobs shared by `sweep` and `deliverWhenDue`. */
export interface DeliveryOptions {
  /** How long a claim holds before the row is due again by itself; renewed every third of it while the delivery runs. Default 30 s: what a crashed claimer costs. */
  leaseMs?: number;
  /** Failed attempts (retry outcomes) after which the row fails for good. Default 8. */
  maxAttempts?: number;
  /** How long before a row's second it is claimed. Default 1 s: enough for the claim's round trip, short enough to leave the row to user edits until the last moment. */
  claimLeadMs?: number;
  /** First back-off after a transient failure; doubles per attempt. Default 30 s. */
  retryBaseMs?: number;
  /** Longest back-off. Default 30 min. */
  retryMaxMs?: number;
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

/** What happened to one due row in a run. */
export type RowOutcome =
  /** Sent (or handed to the agent) and completed. */
  | 'delivered'
  /** Sent, but recording the completion failed: the row returns after the lease (the documented duplicate window). */
  | 'delivered-uncompleted'
  /** Someone else claimed or changed the row between the query and our claim. */
  | 'claim-conflict'
  /** Transient failure; back in the index with back-off. */
  | 'retried'
  /** Out of the index for good (permanent failure or too many attempts). */
  | 'failed'
  /** The store failed: an unclaimed row stays due; a claimed one returns when its lease ends. */
  | 'store-error'
  /** Not claimed because the run reached its deadline. */
  | 'deferred';

export interface RowResult {
  reminderId: string;
  chatId: number;
  outcome: RowOutcome;
  /** Whether this process held a claim on the row at some point. */
  claimed: boolean;
  dueAt: string;
  /** When the message was sent (or the agent accepted), for delivered rows. */
  deliveredAt?: string;
  /** deliveredAt − dueAt, ms. */
  lagMs?: number;
  /** Delivered more than the lateness threshold after its due time. */
  late?: boolean;
  /** Why it was retried or failed. */
  reason?: string;
  /** Telegram did not answer a send that may have reached it; recorded as delivered, not re-sent. */
  maybeDelivered?: boolean;
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
