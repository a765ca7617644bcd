/**
 * The cost model: measured requests, request units and durations turned into dollars. Pure functions
 * of measured inputs, so a re-run of the benchmarks after an engine change re-prices it.
 *
 * Prices: AWS list prices for us-east-1, read 2026-11-29 (on-demand, no free tier, no reserved
 * capacity). Change them here and in the README's "Performance" section together.
 */
export const PRICES = {
  asOf: '2026-11-29',
  region: 'us-east-1',
  /** DynamoDB on-demand, per million write request units (1 WRU = one write of up to 1 KB; each index entry written counts). */
  dynamoPerMillionWru: 0.625,
  /** DynamoDB on-demand, per million read request units (1 RRU = one strong read of up to 4 KB or two eventually consistent). */
  dynamoPerMillionRru: 0.125,
  /** Lambda arm64, per GB-second. */
  lambdaArmPerGbSecond: 0.0000133334,
  /** Lambda, per million requests. */
  lambdaPerMillionRequests: 0.2,
  /** API Gateway HTTP API, per million requests (first 300 million a month). */
  httpApiPerMillionRequests: 1.0,
  /** EventBridge Scheduler, per million scheduled invocations. */
  schedulerPerMillionInvocations: 1.0,
  /** SQS standard queue, per million requests (each 64 KB of a batch is one request). */
  sqsPerMillionRequests: 0.4,
  /** Lambda durable functions, per million durable operations (a step, a wait, …); waits themselves are not billed. */
  lambdaDurablePerMillionOperations: 8.0,
  /** CloudWatch: a standard-resolution alarm, a dashboard, a custom metric (each billed per hour it receives data), per month. */
  cloudWatchAlarmPerMonth: 0.1,
  cloudWatchDashboardPerMonth: 3.0,
  cloudWatchMetricPerMonth: 0.3,
} as const;

export type Prices = { [K in keyof typeof PRICES]: (typeof PRICES)[K] extends string ? string : number };

/** Telegram lets a bot send ~30 messages per second: a sweeper cannot spend less Lambda time per message than this. */
export const TELEGRAM_MIN_MS_PER_MESSAGE = 1000 / 30;
/** EventBridge rate(1 minute) over a 30-day month. */
export const SWEEPS_PER_MONTH = 30 * 24 * 60;

/** What one operation costs in requests, units and Lambda time, as measured. */
export interface MeasuredOperation {
  readUnits: number;
  writeUnits: number;
  /** Lambda wall-clock time the operation keeps a function busy, ms. */
  lambdaMs: number;
}

export interface CostInputs {
  /** One sweep of an empty (or not-yet-due) index. */
  idleSweep: MeasuredOperation;
  /** Per delivered reminder, dense load (many due together), sweeper side. */
  deliverOneTime: MeasuredOperation;
  deliverRecurring: MeasuredOperation;
  /** Per Telegram update through the webhook (the message that creates a reminder). */
  webhookUpdate: MeasuredOperation;
  /** Request units of writing one reminder row (agent side: counter + row with its index entry). */
  createReminder: { readUnits: number; writeUnits: number };
  /** A scheduler target's own work per reminder (one send and one delete), for the EventBridge Scheduler column. */
  schedulerTarget: MeasuredOperation;
  sweeperMemoryMb: number;
  webhookMemoryMb: number;
  /** What the stack monitors with: its alarms and dashboards, and the custom metrics every busy sweep sends. */
  monitoring?: { alarms: number; dashboards: number; busyMetrics: number };
  /**
   * Seconds a sweeper run stays up per minute that has something due in it: it waits for each reminder's
   * second within its window, so with reminders spread over the minute (or due at the next minute's :00,
   * which the previous tick serves to be on time) this is the whole 60 s. Default 60.
   */
  busyMinuteSeconds?: number;
}

/** Monthly volumes the all-in lines are priced at. */
export const ALL_IN_VOLUMES = [1e6, 1e7] as const;

export function lambdaCost(prices: Prices, ms: number, memoryMb: number, requests: number): number {
  return (ms / 1000) * (memoryMb / 1024) * prices.lambdaArmPerGbSecond + (requests * prices.lambdaPerMillionRequests) / 1e6;
}

export function dynamoCost(prices: Prices, readUnits: number, writeUnits: number): number {
  return (readUnits * prices.dynamoPerMillionRru + writeUnits * prices.dynamoPerMillionWru) / 1e6;
}

export interface CostLine {
  item: string;
  nudge: number;
  eventBridgeScheduler: number;
  assumptions: string;
}

/** Dollars, rounded for a table (4 significant decimals below $1). */
export function dollars(value: number): number {
  return value >= 1 ? Math.round(value * 100) / 100 : Number(value.toPrecision(3));
}

/** 43,200 one-minute sweeps of an index with nothing due: a Lambda request, the idle sweep's time and its reads each. */
export function idleMonthCost(inputs: CostInputs, prices: Prices = PRICES): number {
  const sweep = lambdaCost(prices, inputs.idleSweep.lambdaMs, inputs.sweeperMemoryMb, 1) + dynamoCost(prices, inputs.idleSweep.readUnits, inputs.idleSweep.writeUnits);
  return sweep * SWEEPS_PER_MONTH;
}

/** One reminder's delivery on the sweeper side: its units, and its Lambda time never below Telegram's 30 messages a second. */
export function deliveryCost(inputs: CostInputs, op: MeasuredOperation, prices: Prices = PRICES): number {
  return lambdaCost(prices, Math.max(op.lambdaMs, TELEGRAM_MIN_MS_PER_MESSAGE), inputs.sweeperMemoryMb, 0) + dynamoCost(prices, op.readUnits, op.writeUnits);
}

/** One reminder fired by its own EventBridge Scheduler schedule: the invocation and a Lambda target that sends and settles it. */
export function schedulerDeliveryCost(inputs: CostInputs, prices: Prices = PRICES): number {
  return prices.schedulerPerMillionInvocations / 1e6 + lambdaCost(prices, inputs.schedulerTarget.lambdaMs, inputs.sweeperMemoryMb, 1) + dynamoCost(prices, inputs.schedulerTarget.readUnits, inputs.schedulerTarget.writeUnits);
}

/**
 * $/month at idle, and $ per million delivered reminders (one-time, recurring), for Nudge's sweeper and
 * for the same workload on EventBridge Scheduler (one schedule per reminder, a Lambda target that sends).
 *
 * @example
 * const lines = costModel(inputsFromResults(...));
 */
export function costModel(inputs: CostInputs, prices: Prices = PRICES): CostLine[] {
  const million = 1e6;
  const idleMonth = idleMonthCost(inputs, prices);
  const deliver = (op: MeasuredOperation) => million * deliveryCost(inputs, op, prices);
  const create =
    million *
    (prices.httpApiPerMillionRequests / million +
      lambdaCost(prices, inputs.webhookUpdate.lambdaMs, inputs.webhookMemoryMb, 1) +
      dynamoCost(prices, inputs.webhookUpdate.readUnits + inputs.createReminder.readUnits, inputs.webhookUpdate.writeUnits + inputs.createReminder.writeUnits));
  const schedulerDeliver = million * schedulerDeliveryCost(inputs, prices);
  // With Scheduler the row still lives in the table (for /list), without its due-index entry.
  const schedulerCreate = create - million * dynamoCost(prices, 0, 1);
  // A sweeper that waits for each reminder's second stays up while anything is due in its minute.
  const busySeconds = inputs.busyMinuteSeconds ?? 60;
  const waitingCeiling = SWEEPS_PER_MONTH * lambdaCost(prices, busySeconds * 1000, inputs.sweeperMemoryMb, 0);
  // From ~100,000 reminders a month (2+ a minute) nearly every minute has one due: the month pays the
  // sweeps and the waiting once, shared by every reminder delivered in it.
  const monitoring = inputs.monitoring ?? { alarms: 0, dashboards: 0, busyMetrics: 0 };
  const monitoringFixed = monitoring.alarms * prices.cloudWatchAlarmPerMonth + monitoring.dashboards * prices.cloudWatchDashboardPerMonth;
  // Sent only by runs that found work (zero counts are left out), so a busy month pays them and an idle one does not.
  const busyMetrics = monitoring.busyMetrics * prices.cloudWatchMetricPerMonth;
  const allIn = (volume: number, op: MeasuredOperation) => deliver(op) + ((idleMonth + waitingCeiling + busyMetrics) * million) / volume;
  const schedulerAllIn = schedulerDeliver; // Scheduler has no fixed monthly part

  return [
    { item: 'idle month (no reminders due)', nudge: idleMonth, eventBridgeScheduler: 0, assumptions: `${SWEEPS_PER_MONTH} sweeps × (1 Lambda request + ${inputs.idleSweep.lambdaMs} ms at ${inputs.sweeperMemoryMb} MB + ${inputs.idleSweep.readUnits} RRU); Scheduler has nothing to run` },
    { item: 'per million one-time reminders, delivery', nudge: deliver(inputs.deliverOneTime), eventBridgeScheduler: schedulerDeliver, assumptions: `sweeper: ${inputs.deliverOneTime.readUnits} RRU + ${inputs.deliverOneTime.writeUnits} WRU and max(measured, 33 ms at Telegram's 30/s) of Lambda per reminder; Scheduler: 1 invocation + a Lambda target request + ${inputs.schedulerTarget.lambdaMs} ms + ${inputs.schedulerTarget.writeUnits} WRU` },
    { item: 'per million recurring occurrences, delivery', nudge: deliver(inputs.deliverRecurring), eventBridgeScheduler: schedulerDeliver, assumptions: `sweeper re-arms the row: ${inputs.deliverRecurring.readUnits} RRU + ${inputs.deliverRecurring.writeUnits} WRU per occurrence; Scheduler: one invocation per occurrence, same target` },
    { item: 'per million reminders, creation (webhook + table; agent and model not priced)', nudge: create, eventBridgeScheduler: schedulerCreate, assumptions: `HTTP API request + webhook Lambda (${inputs.webhookUpdate.lambdaMs} ms at ${inputs.webhookMemoryMb} MB) + ${inputs.webhookUpdate.writeUnits + inputs.createReminder.writeUnits} WRU; Scheduler's CreateSchedule calls are not priced here` },
    { item: 'custom metrics of a busy month (sent by every run that found work)', nudge: busyMetrics, eventBridgeScheduler: 0, assumptions: `${monitoring.busyMetrics} metrics sent every busy minute × $${prices.cloudWatchMetricPerMonth}; counts that are zero are not sent, and an idle tick sends none` },
    { item: 'monitoring, fixed (alarms + dashboard; $0 within CloudWatch\'s always-free 10 alarms and 3 dashboards)', nudge: monitoringFixed, eventBridgeScheduler: monitoringFixed, assumptions: `${monitoring.alarms} alarms × $${prices.cloudWatchAlarmPerMonth} + ${monitoring.dashboards} dashboard × $${prices.cloudWatchDashboardPerMonth}, list price; alike for a Scheduler deployment with the same alarms` },
    { item: 'ceiling: sweeper waiting the whole month (a reminder due in every minute)', nudge: waitingCeiling, eventBridgeScheduler: 0, assumptions: `${SWEEPS_PER_MONTH} × ${busySeconds} s at ${inputs.sweeperMemoryMb} MB, on top of the delivery lines; Scheduler fires each reminder itself` },
    ...ALL_IN_VOLUMES.flatMap((volume) => [
      { item: `all-in per million one-time reminders at ${volume / million}M a month (delivery + sweeps + waiting + metrics)`, nudge: allIn(volume, inputs.deliverOneTime), eventBridgeScheduler: schedulerAllIn, assumptions: `delivery line + (idle month + waiting ceiling + busy metrics) / ${volume / million}; creation and fixed monitoring priced separately (alike for both)` },
      { item: `all-in per million recurring occurrences at ${volume / million}M a month (delivery + sweeps + waiting + metrics)`, nudge: allIn(volume, inputs.deliverRecurring), eventBridgeScheduler: schedulerAllIn, assumptions: `recurring delivery line + (idle month + waiting ceiling + busy metrics) / ${volume / million}` },
    ]),
  ].map((line) => ({ ...line, nudge: dollars(line.nudge), eventBridgeScheduler: dollars(line.eventBridgeScheduler) }));
}
