import { setTimeout as sleepMs } from 'node:timers/promises';
import { AgentRelayRejectedError, type AgentPayload, type AgentRelay } from '../core/agent-relay/port.ts';
import type { Log } from '../core/log.ts';
import type { DeliveryStore } from '../core/store/consumer-ports.ts';
import type { Reminder } from '../core/store/port.ts';
import { deliverAt, deliverWhenDue, dueRowOf, type DeliverWhenDueOptions } from '../core/delivery/index.ts';
import type { TelegramClient } from '../core/telegram/port.ts';

/** What the agent app plugs in once it serves: its own work queue, and a nudge to re-read the busy state. */
export interface EarlyDeliveryHost {
  /** Takes a `reminder_due` payload as /invocations would (validate, queue in the chat's lane); throws when it refuses. */
  dispatch(payload: AgentPayload): void;
  /** Called when the number of pending timers goes 0 → 1 or 1 → 0. */
  busyChanged(): void;
}

/**
 * Short-lived timers for reminders due before the sweeper's next run ("in 20 seconds", written just
 * after a run). Each goes through `deliverWhenDue` — the sweeper's own claim protocol — so a row is
 * never delivered twice. Scheduled actions are handed to this process's own agent work queue (an
 * in-process relay), not over the network. While a timer is pending the agent's /ping reports
 * HealthyBusy, so AgentCore does not end the idle session and the timer with it.
 */
export interface EarlyDelivery {
  /** The `AgentDeps.onReminderScheduled` hook. Never throws. */
  schedule(reminder: Reminder): void;
  /** Timers waiting or delivering right now. */
  readonly pending: number;
  /** Called by the agent app when it starts serving; until then actions are refused (the row backs off and the sweeper retries). */
  attach(host: EarlyDeliveryHost): void;
  /** Takes no new timers (pending ones run out on their own; the claim protocol makes dropping them safe). */
  close(): void;
  /** Resolves when no timer is pending (for tests and orderly shutdown). */
  settled(): Promise<void>;
}

/** One EventBridge period (the sweeper's run and look-ahead) plus slack: anything due later is surely the sweeper's. */
export const DEFAULT_MAX_WAIT_MS = 90_000;

export interface EarlyDeliveryDeps {
  store: DeliveryStore;
  telegram: TelegramClient;
  clock: () => Date;
  log: Log;
  /** Defaults to a real timer; must let `clock` move on by about `ms`. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Builds the early-delivery timers for one agent process.
 *
 * @example
 * const early = createEarlyDelivery({ store, telegram, clock, log });
 * const deps: AgentDeps = { ..., onReminderScheduled: early.schedule, earlyDelivery: early };
 */
export function createEarlyDelivery(deps: EarlyDeliveryDeps, options: DeliverWhenDueOptions = {}): EarlyDelivery {
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  let host: EarlyDeliveryHost | undefined;
  let accepting = true;
  const running = new Set<Promise<unknown>>();

  const relay: AgentRelay = {
    invoke(chatId, payload) {
      if (!host) return Promise.reject(new AgentRelayRejectedError(`agent is not serving yet; cannot take work for chat ${chatId}`));
      try {
        host.dispatch(payload);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(new AgentRelayRejectedError(`agent refused the work: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error }));
      }
    },
  };
  const sweepDeps = { store: deps.store, telegram: deps.telegram, relay, clock: deps.clock, sleep: deps.sleep ?? ((ms: number) => sleepMs(ms)), log: deps.log };

  return {
    schedule(reminder) {
      if (!accepting) return;
      // Rows not waiting to fire, or due after the sweeper's next run, are the sweeper's: no timer, no busy flicker.
      const row = dueRowOf(reminder);
      if (!row || deliverAt(row).getTime() - deps.clock().getTime() > maxWaitMs) return;
      const run: Promise<unknown> = deliverWhenDue(reminder, sweepDeps, { ...options, maxWaitMs })
        .catch((error: unknown) => deps.log.warn('early delivery failed; the sweeper will take it', { reminderId: reminder.id, error: String(error) }))
        .finally(() => {
          running.delete(run);
          if (running.size === 0) host?.busyChanged();
        });
      running.add(run);
      if (running.size === 1) host?.busyChanged();
    },
    get pending() {
      return running.size;
    },
    attach(next) {
      host = next;
    },
    close() {
      accepting = false;
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
