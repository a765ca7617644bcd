export { metricsOfReport, createEmfMetricsSink, type SweepMetric } from './metrics.ts';
export { createLog } from './log.ts';
