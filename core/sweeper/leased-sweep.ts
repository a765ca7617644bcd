import type { SenderLeaseStore } from '../store/sender-lease-port.ts';
import type { ReplyOutbox } from '../store/queue-port.ts';
import { resolveDeliveryOptions } from '../delivery/options.ts';
import { acquireSenderLease, SENDER_LEASE_DEFAULTS, type LeaseRefusal, type SenderLeaseOptions } from './sender-lease.ts';
import { tickHasWork } from './idle-probe.ts';
import { sweep } from './sweep.ts';
import { tickWindow } from './tick-window.ts';
import type { SweepDeps, SweepOptions, SweepReport } from './types.ts';

export interface LeasedTick {
  /** Unique per invocation (tick time + request id). */
  runId: string;
  /** The EventBridge tick's scheduled time. */
  tickAt: Date;
  /** When this invocation must stop claiming (Lambda deadline − safety margin). */
  budgetEnd: Date;
}

export interface LeasedSweepOptions {
  /** EventBridge period (60 s on AWS). */
  periodMs: number;
  /** Overlap during which the next tick waits for this one to let go (see tickWindow). */
  handoverMs: number;
  lease?: SenderLeaseOptions;
  /** Passed through to each sweep (concurrency, lease length of row claims, …). */
  sweep?: Omit<SweepOptions, 'deadline' | 'lookAheadMs'>;
}

export const LEASED_SWEEP_DEFAULTS = { periodMs: 60_000, handoverMs: 10_000 } as const;

export type LeasedSweepResult =
  | { ran: true; waitedMs: number; stale: boolean; report: SweepReport }
  | { ran: false; refused: LeaseRefusal; heldBy?: string }
  /** Nothing due in the window and no kept reply waiting: left without taking the lease or writing anything. */
  | { ran: false; idle: true };

/**
 * One sweeper tick under the sender lease: one run claims at a time, so overlapping ticks never
 * fight over rows or double the Telegram send rate, and no reserved concurrency is needed.
 *
 * Handover: the holder claims until its window's end (tick + period + handover − claim lead),
 * announces that instant in the lease row, and lets go of the lease exactly then, while its last
 * sends finish. The next tick, started by then, waits on the lease (a read every 200 ms) and starts
 * claiming the moment it is free, so reminders due in the first seconds of its window are on time.
 * A tick that finds its own tick already served (double delivery), or the holder busy past its
 * wait, leaves at once; a crashed holder's lease lapses after its ttl. Row claims stay conditional,
 * so even a lost lease cannot make a reminder fire twice.
 */
export async function leasedSweep(
  deps: SweepDeps & { leases: SenderLeaseStore; outbox?: Pick<ReplyOutbox, 'chatsWaiting'> },
  tick: LeasedTick,
  options: LeasedSweepOptions = LEASED_SWEEP_DEFAULTS,
): Promise<LeasedSweepResult> {
  const leaseOptions = options.lease ?? SENDER_LEASE_DEFAULTS;
  const { claimLeadMs } = resolveDeliveryOptions(options.sweep);
  const nowMs = deps.clock().getTime();
  const window = tickWindow({
    tickAtMs: tick.tickAt.getTime(),
    nowMs,
    budgetEndMs: tick.budgetEnd.getTime(),
    periodMs: options.periodMs,
    handoverMs: options.handoverMs,
    claimLeadMs,
  });
  if (!(await tickHasWork(deps.store, new Date(window.windowEndMs), deps.outbox))) return { ran: false, idle: true };
  const acquired = await acquireSenderLease(
    deps,
    // Waiting longer than the holder's handover plus one lease ttl (a crashed holder) is pointless.
    { holder: tick.runId, tickAtMs: window.stale ? nowMs : tick.tickAt.getTime(), releaseAtMs: window.claimUntilMs, waitUntilMs: Math.min(window.claimUntilMs, nowMs + options.handoverMs + leaseOptions.ttlMs) },
    leaseOptions,
  );
  if ('refused' in acquired) {
    deps.log.info('sweeper tick left: another run holds the sender lease', { runId: tick.runId, reason: acquired.refused, heldBy: acquired.holder?.holder });
    return { ran: false, refused: acquired.refused, ...(acquired.holder ? { heldBy: acquired.holder.holder } : {}) };
  }
  const { lease, waitedMs } = acquired;
  // Hand over at the claim deadline even while this run's last sends are still finishing.
  const handover = new Promise<void>((resolve) => {
    const delay = Math.max(0, window.claimUntilMs - deps.clock().getTime());
    void deps.sleep(delay).then(resolve);
  });
  void handover.then(() => lease.release());
  try {
    const lookAheadMs = Math.max(1, window.windowEndMs - deps.clock().getTime());
    const report = await sweep(deps, { ...options.sweep, lookAheadMs, deadline: new Date(window.claimUntilMs) });
    return { ran: true, waitedMs, stale: window.stale, report };
  } finally {
    await lease.release();
  }
}
