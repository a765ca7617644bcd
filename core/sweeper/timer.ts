import { describeError as describe } from '../describe-error.ts';
import { sweep } from './sweep.ts';
import type { SweepDeps, SweepOptions, SweepReport } from './types.ts';

export interface SweeperTimerOptions {
  deps: SweepDeps;
  /** Period, aligned to the clock (60 s → on the minute). Default 60 s, like the EventBridge rule. */
  intervalMs?: number;
  /** Sweep options; each run's deadline is its start + `runBudgetMs`. */
  sweep?: Omit<SweepOptions, 'deadline'>;
  /** Longest a run may keep claiming. Default interval + look-ahead. */
  runBudgetMs?: number;
  /** Run once at start (catch-up after local mode was stopped). Default true. */
  runAtStart?: boolean;
  onReport?: (report: SweepReport) => void;
}

export interface SweeperTimer {
  /** No new runs; resolves when the run in flight (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Local mode's EventBridge: runs `sweep` on every interval boundary. Runs of one timer never
 * overlap — a tick that comes while a run is busy starts a run right after it, so nothing due in the
 * gap waits for the following tick.
 *
 * @example
 * const timer = startSweeperTimer({ deps });
 * process.on('SIGINT', () => void timer.stop());
 */
export function startSweeperTimer(options: SweeperTimerOptions): SweeperTimer {
  const { deps } = options;
  const intervalMs = options.intervalMs ?? 60_000;
  if (!Number.isFinite(intervalMs) || intervalMs < 1_000) throw new RangeError(`sweeper interval must be at least 1000 ms, got ${intervalMs}`);
  const lookAheadMs = options.sweep?.lookAheadMs ?? 60_000;
  const runBudgetMs = options.runBudgetMs ?? intervalMs + lookAheadMs;

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let tickWhileRunning = false;

  const runOnce = async () => {
    const start = deps.clock();
    try {
      const report = await sweep(deps, { ...options.sweep, deadline: new Date(start.getTime() + runBudgetMs) });
      options.onReport?.(report);
    } catch (error) {
      deps.log.error('sweeper run failed', { error: describe(error) });
    }
  };

  const tick = () => {
    if (stopped) return;
    if (running) {
      tickWhileRunning = true;
      return;
    }
    running = runOnce().finally(() => {
      running = undefined;
      if (tickWhileRunning && !stopped) {
        tickWhileRunning = false;
        tick();
      }
    });
  };

  const scheduleNext = () => {
    if (stopped) return;
    const now = deps.clock().getTime();
    timer = setTimeout(() => {
      tick();
      scheduleNext();
    }, intervalMs - (now % intervalMs));
  };

  if (options.runAtStart ?? true) tick();
  scheduleNext();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
