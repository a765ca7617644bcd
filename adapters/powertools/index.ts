export { metricsOfReport, createEmfMetricsSink, type SweepMetric } from './metrics.ts';
