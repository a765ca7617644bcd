import type { AgentRelay } from '../agent-relay/port.ts';
import type { Log } from '../log.ts';
import type { DeliveryStore } from '../store/consumer-ports.ts';
import type { TelegramClient } from '../telegram/port.ts';

/** What one delivery touches (the sweep adds its metrics sink), injected so tests, local mode and Lambda differ only here. */
export interface DeliveryDeps {
  store: DeliveryStore;
  telegram: TelegramClient;
  relay: AgentRelay;
  clock: () => Date;
  /** Must let `clock` move on by about `ms` (a fake clock's sleep advances it). */
  sleep: (ms: number) => Promise<void>;
  log: Log;
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
