import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { SweepMetricsSink, SweepReport } from '../../core/sweeper/types.ts';

export interface SweepMetric {
  name: string;
  unit: 'Count' | 'Milliseconds';
  value: number;
}

/**
 * The per-run numbers alarms and dashboards read (namespace `Nudge`). Pure. Lag metrics are absent in
 * runs that delivered nothing, so an idle minute does not drag averages to zero.
 */
export function metricsOfReport(report: SweepReport): SweepMetric[] {
  const counts: Array<[string, number]> = [
    ['DueFound', report.dueFound],
    ['Claimed', report.claimed],
    ['Delivered', report.delivered],
    ['DeliveredLate', report.late],
    ['Retried', report.retried],
    ['Failed', report.failed],
    ['ClaimConflicts', report.claimConflicts],
    ['StoreErrors', report.storeErrors],
    ['Deferred', report.deferred],
    ['Uncompleted', report.uncompleted],
    ['MaybeDelivered', report.maybeDelivered],
  ];
  const lags: Array<[string, number | null]> = [
    ['LagP50', report.lagP50Ms],
    ['LagMax', report.lagMaxMs],
  ];
  return [
    ...counts.map(([name, value]): SweepMetric => ({ name, unit: 'Count', value })),
    ...lags.flatMap(([name, value]): SweepMetric[] => (value === null ? [] : [{ name, unit: 'Milliseconds', value }])),
  ];
}

/**
 * A sink that writes one CloudWatch EMF record per run through Powertools Metrics (the Lambda's).
 *
 * @example
 * const sink = createEmfMetricsSink(new Metrics({ namespace: 'Nudge', serviceName: 'sweeper' }));
 */
export function createEmfMetricsSink(metrics: Metrics): SweepMetricsSink {
  return {
    publish(report) {
      for (const metric of metricsOfReport(report)) {
        metrics.addMetric(metric.name, metric.unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds, metric.value);
      }
      metrics.publishStoredMetrics();
    },
  };
}
