/**
 * Names of the sweeper's custom metrics (CloudWatch EMF via Powertools Metrics) that the alarms
 * and dashboard read. They match `adapters/powertools/metrics.ts` and `handlers/sweeper.ts`
 * (`new Metrics({ namespace: 'Nudge', serviceName: 'sweeper' })`): Powertools adds a `service`
 * dimension with the service name to every metric, and an alarm must name it to match.
 */
export const SWEEPER_METRICS = {
  namespace: 'Nudge',
  serviceName: 'sweeper',
  /** Largest due → delivered delay in one run, milliseconds (absent in runs that delivered nothing). */
  lagMax: 'LagMax',
  /** Reminders that ended `failed` (permanent error or too many attempts). */
  failed: 'Failed',
  /** Reminders delivered. */
  delivered: 'Delivered',
} as const;

export const WEBHOOK_SERVICE_NAME = 'nudge-webhook';
