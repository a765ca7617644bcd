/**
 * Which stretch of time one EventBridge tick claims for. Pure.
 *
 * Windows are anchored on the tick's *scheduled* time, not on when the Lambda happened to start, so
 * consecutive ticks tile time without gaps however their start-up jitter falls: tick T claims rows
 * whose claim time is before `T + period + handover - claimLead`; tick T+period takes over exactly
 * there. The `handover` overlap lets the next tick arrive (EventBridge delay, a cold start, the
 * token read) and be waiting on the lease before the holder lets go, so the first seconds of its
 * window are not late.
 */
export interface TickWindowInput {
  /** The tick's scheduled time (EventBridge `time`), epoch ms. */
  tickAtMs: number;
  nowMs: number;
  /** When this invocation must stop claiming to finish its sends in time (Lambda deadline − margin). */
  budgetEndMs: number;
  periodMs: number;
  handoverMs: number;
  claimLeadMs: number;
}

export interface TickWindow {
  /** Rows due up to here are this tick's (the sweep's look-ahead end). */
  windowEndMs: number;
  /** No claim at or after this instant; the lease is handed over here. */
  claimUntilMs: number;
  /** A tick whose window already ended (a retried or very late delivery): it sweeps one period from now instead. */
  stale: boolean;
}

export function tickWindow(input: TickWindowInput): TickWindow {
  const anchored = input.tickAtMs + input.periodMs + input.handoverMs;
  // A tick that starts after its own window is a late or retried delivery: catch up from now.
  const stale = !Number.isFinite(input.tickAtMs) || anchored - input.claimLeadMs <= input.nowMs;
  const windowEndMs = stale ? input.nowMs + input.periodMs : anchored;
  return { windowEndMs, claimUntilMs: Math.min(input.budgetEndMs, windowEndMs - input.claimLeadMs), stale };
}
