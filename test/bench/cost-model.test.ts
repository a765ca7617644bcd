import { describe, expect, it } from 'vitest';
import { costModel, dollars, PRICES, SWEEPS_PER_MONTH } from '../../bench/cost-model.ts';
import { SAMPLE_INPUTS } from './sample-inputs.ts';

const inputs = SAMPLE_INPUTS;

function line(item: string, lines = costModel(inputs)) {
  const found = lines.find((l) => l.item.startsWith(item));
  if (!found) throw new Error(`no line ${item}`);
  return found;
}

describe('cost model', () => {
  it('prices an idle month as one sweep per minute: Lambda request + GB-s + read units', () => {
    // Prepare: 43,200 sweeps × (0.2 $/M requests + 0.1 s × 1 GB × 0.0000133334 + 8 RRU × 0.125 $/M)
    const perSweep = 0.2 / 1e6 + 0.1 * 0.0000133334 + (8 * 0.125) / 1e6;

    // Act
    const idle = line('idle month');

    // Assess
    expect(SWEEPS_PER_MONTH).toBe(43_200);
    expect(idle.nudge).toBe(dollars(perSweep * 43_200));
    expect(idle.nudge).toBeCloseTo(0.109, 3);
    expect(idle.eventBridgeScheduler).toBe(0);
  });

  it('charges a million one-time deliveries their units and at least Telegram-bound Lambda time', () => {
    // Prepare: 50 ms measured is above the 33.3 ms floor; 6 WRU × 0.625 + 0.5 RRU × 0.125 per million
    const expected = 1e6 * (0.05 * 0.0000133334) + 6 * 0.625 + 0.5 * 0.125;

    // Act
    const delivery = line('per million one-time');

    // Assess
    expect(delivery.nudge).toBe(dollars(expected));
    expect(delivery.eventBridgeScheduler).toBe(dollars(1.0 + 0.2 + 1e6 * 0.03 * 0.0000133334 + 2 * 0.625 + 0.5 * 0.125));
  });

  it('never prices a delivery below 33 ms of Lambda, Telegram allows only 30 messages a second', () => {
    // Prepare
    const fast = { ...inputs, deliverOneTime: { readUnits: 0, writeUnits: 0, lambdaMs: 1 } };

    // Act
    const delivery = line('per million one-time', costModel(fast));

    // Assess
    expect(delivery.nudge).toBe(dollars(1e6 * (1 / 30) * 0.0000133334));
  });

  it('re-prices from the prices given, not only the built-in ones', () => {
    // Prepare
    const doubled = { ...PRICES, dynamoPerMillionWru: PRICES.dynamoPerMillionWru * 2 };

    // Act
    const normal = line('per million recurring').nudge;
    const dear = line('per million recurring', costModel(inputs, doubled)).nudge;

    // Assess: 7 WRU per occurrence × 0.625 $ more per million
    expect(dear - normal).toBeCloseTo(7 * 0.625, 1); // each side rounded to cents
  });

  it('prices all-in per million as delivery plus the month of sweeps and waiting shared by the volume', () => {
    // Prepare: at 512 MB a busy month waits 43,200 × 60 s × 0.5 GB; idle sweeps as in the first test.
    const half = { ...inputs, sweeperMemoryMb: 512 };
    const waiting = 43_200 * 60 * 0.5 * 0.0000133334;
    const idle = 43_200 * (0.2 / 1e6 + 0.1 * 0.5 * 0.0000133334 + (8 * 0.125) / 1e6);
    const delivery = 1e6 * (0.05 * 0.5 * 0.0000133334) + 6 * 0.625 + 0.5 * 0.125;

    // Act
    const lines = costModel(half);
    const atOneMillion = line('all-in per million one-time reminders at 1M', lines);
    const atTenMillion = line('all-in per million one-time reminders at 10M', lines);

    // Assess
    expect(line('ceiling', lines).nudge).toBe(dollars(waiting));
    expect(atOneMillion.nudge).toBe(dollars(delivery + waiting + idle));
    expect(atTenMillion.nudge).toBe(dollars(delivery + (waiting + idle) / 10));
    expect(atOneMillion.eventBridgeScheduler).toBe(line('per million one-time', lines).eventBridgeScheduler);
  });

  it('prices the waiting from the busy seconds given: a run that is up 6 s a minute pays a tenth', () => {
    // Prepare
    const short = { ...inputs, busyMinuteSeconds: 6 };

    // Act
    const ceiling = line('ceiling', costModel(short)).nudge;

    // Assess
    expect(ceiling).toBe(dollars(43_200 * 6 * 1 * 0.0000133334));
    expect(ceiling).toBeCloseTo(line('ceiling').nudge / 10, 2);
  });
  it('prices fixed monitoring per alarm and dashboard, and a busy month\'s metrics into the all-in lines', () => {
    // Prepare: 7 alarms, 1 dashboard, 5 metrics sent every busy minute
    const watched = { ...inputs, monitoring: { alarms: 7, dashboards: 1, busyMetrics: 5 } };

    // Act
    const lines = costModel(watched);
    const plain = costModel(inputs);

    // Assess: $0.10 an alarm and $3 a dashboard a month; $0.30 a metric-month, shared by the volume
    expect(line('monitoring, fixed', lines).nudge).toBe(dollars(7 * 0.1 + 3));
    expect(line('custom metrics of a busy month', lines).nudge).toBe(1.5);
    expect(line('all-in per million one-time reminders at 1M', lines).nudge - line('all-in per million one-time reminders at 1M', plain).nudge).toBeCloseTo(1.5, 1);
    expect(line('idle month', lines).nudge).toBe(line('idle month', plain).nudge);
  });
});
