/**
 * What waiting for a reminder's second costs in each design #16 weighed, priced from the same measured
 * inputs as the cost model. Pure arithmetic: the sweeper's line is measured end to end here; the others
 * are list prices applied to AWS's documented behaviour (nothing here can run SQS, durable functions or
 * Scheduler), so they say what a design would cost, not that it would meet p99 ≤ 1 s.
 */
import { deliveryCost, dollars, idleMonthCost, lambdaCost, PRICES, schedulerDeliveryCost, SWEEPS_PER_MONTH, type CostInputs, type MeasuredOperation, type Prices } from './cost-model.ts';

/** Lambda's SQS event-source mapping keeps ~5 long polls (20 s each) open on an idle queue: 15 receives a minute. */
export const SQS_IDLE_RECEIVES_PER_MINUTE = 15;

/**
 * A month of `volume` reminders due at independent, uniformly random seconds (the precision scenario's
 * load; reminders set for whole minutes fall on :00 and need fewer wake-ups): minutes with one or more
 * due, and seconds with one or more due — each such second is one wake-up for a design that does not wait.
 */
export function monthShape(volume: number): { perMinute: number; busyMinutes: number; busySeconds: number } {
  const perMinute = volume / SWEEPS_PER_MONTH;
  return {
    perMinute,
    busyMinutes: SWEEPS_PER_MONTH * (1 - Math.exp(-perMinute)),
    busySeconds: SWEEPS_PER_MONTH * 60 * (1 - Math.exp(-perMinute / 60)),
  };
}

export interface WaitingDesign {
  design: string;
  precision: string;
  /** $ per month with no reminder due. */
  idleMonth: number;
  /** $ per month the design pays to be on time (waiting, or waking up), beyond the idle sweeps. */
  onTimeMonth: number;
  /** $ per million delivered, all-in: delivery units and time + (idle + on-time month) / volume. */
  allInPerMillion: number;
}

/**
 * Every design at one monthly volume, for one-time reminders. The sweeper's delivery line (claim, send,
 * settle: measured units) is the same in every design but Scheduler's, which sends one reminder per invocation.
 */
export function waitingDesigns(inputs: CostInputs, volume: number, op: MeasuredOperation = inputs.deliverOneTime, prices: Prices = PRICES): WaitingDesign[] {
  const { busyMinutes, busySeconds } = monthShape(volume);
  const idle = idleMonthCost(inputs, prices);
  const perDelivery = deliveryCost(inputs, op, prices);
  const allIn = (idleMonth: number, onTimeMonth: number, delivery = perDelivery) => (delivery + (idleMonth + onTimeMonth) / volume) * 1e6;
  const sqs = (requests: number) => (requests * prices.sqsPerMillionRequests) / 1e6;

  const waitSeconds = inputs.busyMinuteSeconds ?? 60;
  // Every design but Scheduler runs the sweeper's code, which sends its metrics in each busy minute.
  const metrics = busyMinutes > 0 ? (inputs.monitoring?.busyMetrics ?? 0) * prices.cloudWatchMetricPerMonth : 0;
  const waiting = metrics + busyMinutes * lambdaCost(prices, waitSeconds * 1000, inputs.sweeperMemoryMb, 0);

  // The tick claims what is due in its minute and sends one message per due second with DelaySeconds
  // (ten to a SendMessageBatch); each message wakes the function once (a receive, a batch delete, a request).
  const polling = sqs(SQS_IDLE_RECEIVES_PER_MINUTE * SWEEPS_PER_MONTH);
  const sqsWakes = metrics + busySeconds * (sqs(0.1 + 1 + 1) + lambdaCost(prices, 0, inputs.sweeperMemoryMb, 1));

  // A durable tick: one step to read what is due, then per due second a wait (unbilled time) and a step,
  // each resumption a new invocation that replays the execution (about an idle sweep's time).
  const durableOps = (ops: number) => (ops * prices.lambdaDurablePerMillionOperations) / 1e6;
  const durable = metrics + busyMinutes * durableOps(1) + busySeconds * (durableOps(2) + lambdaCost(prices, inputs.idleSweep.lambdaMs, inputs.sweeperMemoryMb, 1));

  const scheduler = schedulerDeliveryCost(inputs, prices);

  const line = (design: string, precision: string, idleMonth: number, onTimeMonth: number, delivery = perDelivery): WaitingDesign => ({
    design,
    precision,
    idleMonth: dollars(idleMonth),
    onTimeMonth: dollars(onTimeMonth),
    allInPerMillion: dollars(allIn(idleMonth, onTimeMonth, delivery)),
  });
  return [
    line(`sweeper waits for each due second (deployed, ${inputs.sweeperMemoryMb} MB)`, 'measured: see precision', idle, waiting),
    line('sweeper hands each due second to SQS DelaySeconds', 'whole seconds + poller latency: not measurable here', idle + polling, sqsWakes),
    line('a durable-function tick that waits between due seconds', 'waits of whole seconds, resume latency: not measurable here', idle, durable),
    line('EventBridge Scheduler, one schedule per reminder', 'within the minute', 0, 0, scheduler),
  ];
}
