// The sweeper's last run as one small item (`ADMIN / SWEEP`), written after each sweep for `nudge stats`.
import { keys, type SweepStatusItem } from '../../schema/index.ts';
import type { Log } from '../log.ts';
import type { SweepMetricsSink, SweepReport } from '../sweeper/types.ts';

export function sweepStatusOf(report: SweepReport): SweepStatusItem {
  return {
    pk: keys.adminPk,
    sk: keys.sweepStatusSk,
    type: 'sweep-status',
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationMs: Math.max(0, Date.parse(report.finishedAt) - Date.parse(report.startedAt)),
    stoppedBy: report.stoppedBy,
    dueFound: report.dueFound,
    delivered: report.delivered,
    retried: report.retried,
    failed: report.failed,
    lagP50Ms: report.lagP50Ms,
    lagP95Ms: report.lagP95Ms,
  };
}

/**
 * A metrics sink that also records each run's status (one PutItem per run that had work: idle ticks leave
 * before sweeping, see core/sweeper/idle-probe.ts), then hands the report to `inner`. A failed write is
 * logged, never thrown: the sweep itself succeeded.
 *
 * @example
 * metrics: withSweepStatus(createEmfMetricsSink(metrics), (item) => adminTable.putSweepStatus(item), log)
 */
export function withSweepStatus(inner: SweepMetricsSink | undefined, write: (item: SweepStatusItem) => Promise<void>, log: Log): SweepMetricsSink {
  return {
    async publish(report) {
      try {
        await write(sweepStatusOf(report));
      } catch (error) {
        log.warn('sweep status could not be written', { error: error instanceof Error ? error.name : String(error) });
      }
      await inner?.publish(report);
    },
  };
}
