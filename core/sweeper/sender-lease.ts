import type { Log } from '../log.ts';
import type { SenderLease, SenderLeaseStore } from '../store/sender-lease-port.ts';
import { describeError as describe } from '../describe-error.ts';

export interface SenderLeaseOptions {
  /** How long a lease lasts without renewal: a crashed holder blocks the next run for at most this. */
  ttlMs: number;
  /** Renewal interval while holding; well under `ttlMs` so one slow write does not lose the lease. */
  renewEveryMs: number;
  /** Re-read interval while waiting for the holder to let go. */
  pollMs: number;
}

export const SENDER_LEASE_DEFAULTS: SenderLeaseOptions = { ttlMs: 15_000, renewEveryMs: 4_000, pollMs: 200 };

export interface SenderLeaseDeps {
  leases: SenderLeaseStore;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  log: Log;
}

/** A lease this run holds: renewed in the background until released. */
export interface HeldSenderLease {
  readonly holder: string;
  /** Stops renewing and lets go (idempotent); the next run may claim from now on. */
  release(): Promise<void>;
  /** True once a renewal found the lease taken (it lapsed, e.g. a long pause): stop claiming. */
  readonly lost: boolean;
}

export type LeaseRefusal = 'tick-already-served' | 'held-past-wait' | 'wait-timed-out';

export interface AcquireRequest {
  holder: string;
  tickAtMs: number;
  /** When this run will let go (its claim deadline), announced to whoever waits. */
  releaseAtMs: number;
  /** Give up waiting for the current holder at this instant. */
  waitUntilMs: number;
}

/**
 * Takes the sweeper's sender lease, waiting for the current holder's announced release when that is
 * within reach; waiting ticks queue in tick order. Leaves at once (cheaply: one write and one read)
 * when the holder serves the same or a later tick (an EventBridge double delivery) or will hold past
 * `waitUntilMs`.
 */
export async function acquireSenderLease(
  deps: SenderLeaseDeps,
  request: AcquireRequest,
  options: SenderLeaseOptions = SENDER_LEASE_DEFAULTS,
): Promise<{ lease: HeldSenderLease; waitedMs: number } | { refused: LeaseRefusal; holder?: SenderLease }> {
  const startedMs = deps.clock().getTime();
  for (;;) {
    const nowMs = deps.clock().getTime();
    const mine: SenderLease = { holder: request.holder, tickAtMs: request.tickAtMs, expiresAtMs: nowMs + options.ttlMs, releaseAtMs: request.releaseAtMs };
    if (await deps.leases.acquire(mine, nowMs)) {
      return { lease: holdLease(deps, mine, options), waitedMs: nowMs - startedMs };
    }
    const current = await deps.leases.read();
    if (current && current.expiresAtMs > nowMs) {
      if (current.tickAtMs >= request.tickAtMs) return { refused: 'tick-already-served', holder: current };
      if (Math.min(current.releaseAtMs, current.expiresAtMs) > request.waitUntilMs) return { refused: 'held-past-wait', holder: current };
    }
    if (deps.clock().getTime() >= request.waitUntilMs) return current ? { refused: 'wait-timed-out', holder: current } : { refused: 'wait-timed-out' };
    // Take a place in line (kept while we poll), so waiting ticks go in tick order, none starved.
    if (current) await deps.leases.queue(request.tickAtMs, deps.clock().getTime() + options.pollMs * 3, deps.clock().getTime());
    await deps.sleep(options.pollMs);
  }
}

function holdLease(deps: SenderLeaseDeps, lease: SenderLease, options: SenderLeaseOptions): HeldSenderLease {
  let released = false;
  let lost = false;
  let stopSleep: (() => void) | undefined;
  // Renewals run beside the work; each extends the lease one ttl from now.
  const renewals = (async () => {
    while (!released) {
      await new Promise<void>((resolve) => {
        stopSleep = resolve;
        void deps.sleep(options.renewEveryMs).then(resolve);
      });
      if (released) return;
      const nowMs = deps.clock().getTime();
      try {
        if (!(await deps.leases.renew(lease.holder, nowMs + options.ttlMs, lease.releaseAtMs))) {
          lost = true;
          deps.log.warn('sender lease lost to another run', { holder: lease.holder });
          return;
        }
      } catch (error) {
        // One failed renewal is survivable: the lease still has most of its ttl left.
        deps.log.warn('sender lease renewal failed', { holder: lease.holder, error: describe(error) });
      }
    }
  })();
  return {
    holder: lease.holder,
    get lost() {
      return lost;
    },
    async release() {
      if (released) return;
      released = true;
      stopSleep?.();
      await renewals;
      try {
        await deps.leases.release(lease.holder);
      } catch (error) {
        // It lapses on its own within the ttl; the next run waits at most that.
        deps.log.warn('sender lease could not be released', { holder: lease.holder, error: describe(error) });
      }
    },
  };
}
