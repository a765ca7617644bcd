/**
 * What the stack's monitoring is made of, in one place the cost model (`bench/cost.bench.ts`) reads too:
 * CloudWatch bills each alarm and dashboard every month, whatever the volume. `test/infra/stack.test.ts`
 * checks the synthesized stack has exactly these. Free of CDK imports for that reason.
 */
export const MONITORING_FOOTPRINT = {
  /** Sweeper errors and stall, delivery lag, failed deliveries, webhook 5xx and errors, agent system errors. */
  alarms: 7,
  dashboards: 1,
} as const;
