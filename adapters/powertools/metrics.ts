import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { SweepMetricsSink, SweepReport } from '../../core/sweeper/types.ts';

export interface SweepMetric {
  name: string;
  unit: 'Count' | 'Milliseconds';
  value: number;
}

/**
 * The per-run numbers alarms and dashboards read (namespace `Nudge`). Pure. Counts are sent only when
 * not zero and lags only when something was delivered: CloudWatch bills each custom metric for every
 * hour it receives a value ($0.30 a metric-month), so eleven counts sent as zeros every minute would
 * cost $3.30 a month with nothing to deliver. The alarms sum them and treat missing data as fine, which
 * reads a missing count as the zero it was.
 */
export function metricsOfReport(report: SweepReport): SweepMetric[] {
  // Delivered and LagMax are what the alarms and the dashboard read, sent by every run that delivered; the
  // rest say something went wrong and are zero in a healthy run. How many were found and claimed, and the
  // median lag, are in the run's log line and the `ADMIN / SWEEP` status item, not worth $0.30 a month each.
  const counts: Array<[string, number]> = [
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
  const lags: Array<[string, number | null]> = [['LagMax', report.lagMaxMs]];
  return [
    ...counts.flatMap(([name, value]): SweepMetric[] => (value === 0 ? [] : [{ name, unit: 'Count', value }])),
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
      const values = metricsOfReport(report);
      if (values.length === 0) return;
      for (const metric of values) {
        metrics.addMetric(metric.name, metric.unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds, metric.value);
      }
      metrics.publishStoredMetrics();
    },
  };
}
