import { describe, expect, it } from 'vitest';
import { costModel, dollars, type CostInputs } from '../../bench/cost-model.ts';
import { monthShape, waitingDesigns } from '../../bench/waiting-designs.ts';
import { SAMPLE_INPUTS } from './sample-inputs.ts';

// The deployed-like sizes: 512 MB, runs up the whole busy minute.
const inputs: CostInputs = { ...SAMPLE_INPUTS, deliverRecurring: { readUnits: 0.5, writeUnits: 8, lambdaMs: 50 }, sweeperMemoryMb: 512, busyMinuteSeconds: 60 };

function design(name: string, volume: number, op = inputs.deliverOneTime) {
  const found = waitingDesigns(inputs, volume, op).find((line) => line.design.startsWith(name));
  if (!found) throw new Error(`no design ${name}`);
  return found;
}

describe('waiting designs', () => {
  it('counts busy minutes and busy seconds for reminders at random seconds', () => {
    // Prepare: one reminder a minute on average
    const volume = 43_200;

    // Act
    const shape = monthShape(volume);

    // Assess: Poisson — a minute is empty with probability e^-1, a second with e^-1/60
    expect(shape.perMinute).toBe(1);
    expect(shape.busyMinutes).toBeCloseTo(43_200 * (1 - Math.exp(-1)), 6);
    expect(shape.busySeconds).toBeCloseTo(43_200 * 60 * (1 - Math.exp(-1 / 60)), 6);
    expect(shape.busySeconds).toBeLessThan(volume);
  });

  it('prices the deployed sweeper like the cost model when every minute is busy', () => {
    // Prepare: at 10M a month no minute is empty, so both price 43,200 full minutes of waiting
    const volume = 1e7;

    // Act
    const sweeper = design('sweeper waits', volume);
    const model = costModel(inputs).find((line) => line.item.startsWith('all-in per million one-time reminders at 10M'));

    // Assess
    expect(sweeper.allInPerMillion).toBe(model?.nudge);
    expect(sweeper.onTimeMonth).toBe(dollars(43_200 * 60 * 0.5 * 0.0000133334));
  });

  it('charges the SQS design its idle long polls, three requests and an invocation per busy second', () => {
    // Prepare
    const volume = 1e6;
    const { busySeconds } = monthShape(volume);
    const idleSweeps = 43_200 * (0.2 / 1e6 + 0.1 * 0.5 * 0.0000133334 + (8 * 0.125) / 1e6);

    // Act
    const sqs = design('sweeper hands', volume);

    // Assess: 15 receives a minute all month; per busy second 0.1 send + 1 receive + 1 delete and one Lambda request
    expect(sqs.idleMonth).toBe(dollars(idleSweeps + 15 * 43_200 * 0.4e-6));
    expect(sqs.onTimeMonth).toBe(dollars(busySeconds * (2.1 * 0.4e-6 + 0.2e-6)));
  });

  it('charges a durable tick two operations and a replaying invocation per busy second', () => {
    // Prepare
    const volume = 1e6;
    const { busyMinutes, busySeconds } = monthShape(volume);

    // Act
    const durable = design('a durable-function tick', volume);

    // Assess
    expect(durable.onTimeMonth).toBe(dollars(busyMinutes * 8e-6 + busySeconds * (16e-6 + 0.2e-6 + 0.1 * 0.5 * 0.0000133334)));
  });

  it('gives Scheduler no monthly part and the cost model\'s per-reminder price', () => {
    // Act
    const scheduler = design('EventBridge Scheduler', 1e6);
    const model = costModel(inputs).find((line) => line.item.startsWith('per million one-time reminders, delivery'));

    // Assess
    expect(scheduler.idleMonth).toBe(0);
    expect(scheduler.allInPerMillion).toBe(model?.eventBridgeScheduler);
  });

  it('moves every sweeper-side design by the write units saved, and Scheduler not at all', () => {
    // Prepare: two write units fewer per delivery
    const cheaper = { ...inputs.deliverOneTime, writeUnits: 4 };

    // Act
    const before = waitingDesigns(inputs, 1e7);
    const after = waitingDesigns(inputs, 1e7, cheaper);

    // Assess: 2 × $0.625 per million on each line the sweeper delivers
    for (const [index, line] of after.slice(0, 3).entries()) expect(before[index]!.allInPerMillion - line.allInPerMillion).toBeCloseTo(1.25, 1);
    expect(after[3]!.allInPerMillion).toBe(before[3]!.allInPerMillion);
  });
});
