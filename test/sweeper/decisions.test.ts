import { describe, expect, it } from 'vitest';
import type { DueRow, Reminder } from '../../core/store/port.ts';
import { afterTransientFailure, belongsToRun, claimAt, deliverAt, dueRowOf, isLate, nextDueAfterDelivery, orderDueRows, percentile, reminderMessageText, resolveSweepOptions, retryDelayMs, summarise } from '../../core/sweeper/index.ts';
import { metricsOfReport } from '../../adapters/powertools/index.ts';

const policy = { baseMs: 30_000, maxMs: 30 * 60_000 };

function row(id: string, fireAt: string, dueAt = fireAt): DueRow {
  return { chatId: 1, id, dueSk: `${fireAt}#${id}`, fireAt, dueAt, status: 'pending' };
}

function reminder(overrides: Partial<Reminder> = {}): Reminder {
  return {
    pk: 'CHAT#1',
    sk: 'REMINDER#01JAAAAAAAAAAAAAAAAAAAAAAA',
    type: 'reminder',
    id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
    chatId: 1,
    shortId: 4,
    text: 'check emails',
    work: 'message',
    schedule: { kind: 'once' },
    tz: 'Europe/Berlin',
    dueAt: '2026-03-10T09:00:00.000Z',
    status: 'pending',
    attempts: 0,
    firedCount: 0,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('back-off', () => {
  it('doubles per attempt with half of each step jittered, capped, never below retry_after', () => {
    expect(retryDelayMs(1, policy, 0)).toBe(15_000);
    expect(retryDelayMs(1, policy, 0.999_999)).toBe(30_000);
    expect(retryDelayMs(2, policy, 0)).toBe(30_000);
    expect(retryDelayMs(4, policy, 0.5)).toBe(180_000);
    expect(retryDelayMs(30, policy, 1)).toBe(30 * 60_000);
    expect(retryDelayMs(1, policy, 0, 45_000)).toBe(45_000);
    expect(() => retryDelayMs(0, policy, 0)).toThrow(RangeError);
  });

  it('gives up when this failure makes maxAttempts', () => {
    expect(afterTransientFailure(0, 8)).toEqual({ action: 'retry', attempt: 1 });
    expect(afterTransientFailure(6, 8)).toEqual({ action: 'retry', attempt: 7 });
    expect(afterTransientFailure(7, 8)).toEqual({ action: 'give-up', attempts: 8 });
    expect(afterTransientFailure(0, 1)).toEqual({ action: 'give-up', attempts: 1 });
  });
});

describe('when to claim and deliver', () => {
  it('delivers at the index time but never before the due time, and claims claimLead earlier', () => {
    const onTime = row('a', '2026-03-10T09:00:05.000Z');
    expect(deliverAt(onTime).toISOString()).toBe('2026-03-10T09:00:05.000Z');
    expect(claimAt(onTime, 1_000).toISOString()).toBe('2026-03-10T09:00:04.000Z');
    const leaseReturned = row('b', '2026-03-10T09:05:00.000Z', '2026-03-10T09:00:00.000Z');
    expect(deliverAt(leaseReturned).toISOString()).toBe('2026-03-10T09:05:00.000Z');
  });

  it('leaves rows whose claim time is past the deadline to the next run', () => {
    const deadline = new Date('2026-03-10T09:00:30.000Z');
    expect(belongsToRun(row('a', '2026-03-10T09:00:30.500Z'), 1_000, deadline)).toBe(true);
    expect(belongsToRun(row('a', '2026-03-10T09:00:31.000Z'), 1_000, deadline)).toBe(false);
  });

  it('orders soonest first and shuffles rows of the same second differently per run', () => {
    const rows = Array.from({ length: 20 }, (_, i) => row(`r${String(i).padStart(2, '0')}`, '2026-03-10T09:00:00.000Z'));
    rows.push(row('early', '2026-03-10T08:59:59.000Z'), row('late', '2026-03-10T09:00:01.000Z'));
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const first = orderDueRows(rows, random).map((r) => r.id);
    const second = orderDueRows(rows, random).map((r) => r.id);
    expect(first[0]).toBe('early');
    expect(first.at(-1)).toBe('late');
    expect(new Set(first)).toEqual(new Set(rows.map((r) => r.id)));
    expect(first).not.toEqual(second);
  });

  it('reads the due row a fresh reminder stands at', () => {
    const fresh = reminder({ duePk: 'DUE#3', dueSk: '2026-03-10T09:00:00.000Z#01JAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(dueRowOf(fresh)).toEqual({ chatId: 1, id: fresh.id, dueSk: fresh.dueSk, fireAt: '2026-03-10T09:00:00.000Z', dueAt: fresh.dueAt, status: 'pending' });
    expect(dueRowOf(reminder({ status: 'paused' }))).toBeUndefined();
  });
});

describe('next occurrence after a delivery', () => {
  const daily = { kind: 'recurring' as const, cron: '0 9 * * *', tz: 'Europe/Berlin' };

  it('is undefined for one-time reminders', () => {
    expect(nextDueAfterDelivery(reminder(), new Date('2026-03-10T09:00:00.200Z'))).toBeUndefined();
  });

  it('is the next day at 09:00 local when delivered on time, even a fraction of a second after the second', () => {
    const r = reminder({ schedule: daily, dueAt: '2026-03-10T08:00:00.000Z' });
    expect(nextDueAfterDelivery(r, new Date('2026-03-10T08:00:00.000Z'))?.toISOString()).toBe('2026-03-11T08:00:00.000Z');
    expect(nextDueAfterDelivery(r, new Date('2026-03-10T08:00:00.450Z'))?.toISOString()).toBe('2026-03-11T08:00:00.000Z');
  });

  it('skips missed occurrences: after a 3-day outage the next is the first one after now', () => {
    const r = reminder({ schedule: daily, dueAt: '2026-03-10T08:00:00.000Z' });
    expect(nextDueAfterDelivery(r, new Date('2026-03-13T10:00:00.000Z'))?.toISOString()).toBe('2026-03-14T08:00:00.000Z');
  });

  it('keeps 09:00 local across the spring-forward change', () => {
    const r = reminder({ schedule: daily, dueAt: '2026-03-28T08:00:00.000Z' });
    expect(nextDueAfterDelivery(r, new Date('2026-03-28T08:00:00.100Z'))?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('ends when the count is used up or until has passed', () => {
    expect(nextDueAfterDelivery(reminder({ schedule: { ...daily, maxCount: 3 }, firedCount: 2 }), new Date('2026-03-10T08:00:01Z'))).toBeNull();
    expect(nextDueAfterDelivery(reminder({ schedule: { ...daily, maxCount: 3 }, firedCount: 1 }), new Date('2026-03-10T08:00:01Z'))).not.toBeNull();
    expect(nextDueAfterDelivery(reminder({ schedule: { ...daily, until: '2026-03-10T12:00:00.000Z' } }), new Date('2026-03-10T08:00:01Z'))).toBeNull();
  });
});

describe('message text', () => {
  it('is plain when on time and says how late when more than a minute late', () => {
    const r = reminder();
    expect(reminderMessageText(r, new Date('2026-03-10T09:00:00.300Z'))).toBe('⏰ #4 check emails');
    expect(reminderMessageText(r, new Date('2026-03-10T09:00:59.000Z'))).toBe('⏰ #4 check emails');
    expect(reminderMessageText(r, new Date('2026-03-10T12:00:00.000Z'))).toBe('⏰ #4 check emails\n(was due 3 h ago)');
    expect(isLate(r, new Date('2026-03-10T09:01:00.001Z'))).toBe(true);
  });
});

describe('run summary', () => {
  it('counts outcomes and lag percentiles, and turns them into metrics', () => {
    const base = { chatId: 1, dueAt: '2026-03-10T09:00:00.000Z' };
    const report = summarise(
      [
        { ...base, reminderId: 'a', outcome: 'delivered', claimed: true, lagMs: 100, late: false },
        { ...base, reminderId: 'b', outcome: 'delivered', claimed: true, lagMs: 300, late: false },
        { ...base, reminderId: 'c', outcome: 'delivered', claimed: true, lagMs: 3_600_000, late: true },
        { ...base, reminderId: 'd', outcome: 'retried', claimed: true },
        { ...base, reminderId: 'e', outcome: 'claim-conflict', claimed: false },
        { ...base, reminderId: 'f', outcome: 'failed', claimed: true },
      ],
      { startedAt: new Date(0), finishedAt: new Date(1000), windowEnd: new Date(60_000), stoppedBy: 'idle', queries: 2, dueFound: 6, queryErrors: 1 },
    );
    expect(report).toMatchObject({ dueFound: 6, claimed: 5, delivered: 3, late: 1, retried: 1, failed: 1, claimConflicts: 1, storeErrors: 1, lagP50Ms: 300, lagMaxMs: 3_600_000 });
    const metrics = Object.fromEntries(metricsOfReport(report).map((m) => [m.name, m.value]));
    expect(metrics).toEqual({ Delivered: 3, DeliveredLate: 1, Retried: 1, Failed: 1, ClaimConflicts: 1, StoreErrors: 1, LagMax: 3_600_000 });
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
  });
});

describe('options', () => {
  it('rejects nonsense at wiring time', () => {
    const deadline = new Date();
    expect(() => resolveSweepOptions({ deadline, concurrency: 0 })).toThrow(/concurrency/);
    expect(() => resolveSweepOptions({ deadline, leaseMs: -1 })).toThrow(/leaseMs/);
    expect(() => resolveSweepOptions({ deadline: new Date(Number.NaN) })).toThrow(/deadline/);
    expect(resolveSweepOptions({ deadline })).toMatchObject({ lookAheadMs: 60_000, leaseMs: 30_000, maxAttempts: 8 });
  });
});
