import { describe, expect, it } from 'vitest';
import type { RecurringSchedule } from '../../schema/index.ts';
import { nextOccurrence, parseReminder, upcomingOccurrences, wallTimeOf, zonedWallTimeToUtc } from '../../core/time/index.ts';
import { tomorrowAt } from '../../core/time/tomorrow-at.ts';

const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());
const every = (cron: string, tz: string, extra: Partial<RecurringSchedule> = {}): RecurringSchedule => ({ kind: 'recurring', cron, tz, ...extra });
const HOUR = 3_600_000;

describe('zonedWallTimeToUtc', () => {
  it.each([
    ['ordinary winter time', [2026, 11, 26, 10, 0, 'Europe/Berlin'], '2026-11-26T09:00:00.000Z'],
    ['ordinary summer time', [2026, 7, 1, 10, 0, 'Europe/Berlin'], '2026-07-01T08:00:00.000Z'],
    ['EU spring-forward gap resolves to the jump (03:00 CEST)', [2026, 3, 29, 2, 30, 'Europe/Berlin'], '2026-03-29T01:00:00.000Z'],
    ['EU gap start', [2026, 3, 29, 2, 0, 'Europe/Berlin'], '2026-03-29T01:00:00.000Z'],
    ['EU last minute of the gap', [2026, 3, 29, 2, 59, 'Europe/Berlin'], '2026-03-29T01:00:00.000Z'],
    ['EU first real time after the gap', [2026, 3, 29, 3, 0, 'Europe/Berlin'], '2026-03-29T01:00:00.000Z'],
    ['EU last real time before the gap', [2026, 3, 29, 1, 59, 'Europe/Berlin'], '2026-03-29T00:59:00.000Z'],
    ['EU fall-back overlap takes the first instance', [2026, 10, 25, 2, 30, 'Europe/Berlin'], '2026-10-25T00:30:00.000Z'],
    ['US spring-forward gap resolves to the jump (03:00 EDT)', [2026, 3, 8, 2, 30, 'America/New_York'], '2026-03-08T07:00:00.000Z'],
    ['US fall-back overlap', [2026, 11, 1, 1, 30, 'America/New_York'], '2026-11-01T05:30:00.000Z'],
    ['half-hour zone without DST', [2026, 1, 1, 0, 0, 'Asia/Kolkata'], '2025-12-31T18:30:00.000Z'],
    ['45-minute zone with DST (the test process zone)', [2026, 1, 1, 12, 0, 'Pacific/Chatham'], '2025-12-31T22:15:00.000Z'],
    ['half-hour DST shift (Lord Howe gap) resolves to the jump (02:30 +11)', [2026, 10, 4, 2, 15, 'Australia/Lord_Howe'], '2026-10-03T15:30:00.000Z'],
    ['Lord Howe first real time after the gap', [2026, 10, 4, 2, 30, 'Australia/Lord_Howe'], '2026-10-03T15:30:00.000Z'],
    ['Lord Howe fall-back overlap takes the first instance', [2026, 4, 5, 1, 45, 'Australia/Lord_Howe'], '2026-04-04T14:45:00.000Z'],
    ['a skipped calendar day (Samoa, 30 Dec 2011) resolves to the jump', [2011, 12, 30, 12, 0, 'Pacific/Apia'], '2011-12-30T10:00:00.000Z'],
    ['day overflow rolls into the next month', [2026, 11, 31, 9, 0, 'UTC'], '2026-12-01T09:00:00.000Z'],
  ] as const)('%s', (_name, args, expected) => {
    const [y, m, d, h, min, tz] = args;
    expect(zonedWallTimeToUtc(y, m, d, h, min, tz).toISOString()).toBe(expected);
  });
});

describe('daily schedules across DST', () => {
  it('09:00 stays 09:00 local across the EU spring-forward', () => {
    expect(iso(upcomingOccurrences(every('0 9 * * *', 'Europe/Berlin'), new Date('2026-03-27T12:00:00Z'), 3)))
      .toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });
  it('09:00 stays 09:00 local across the US fall-back', () => {
    expect(iso(upcomingOccurrences(every('0 9 * * *', 'America/New_York'), new Date('2026-10-31T00:00:00Z'), 3)))
      .toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });
  it('a daily 02:30 in Berlin fires once at 03:00 CEST on spring-forward day, 02:30 the days around it', () => {
    const out = upcomingOccurrences(every('30 2 * * *', 'Europe/Berlin'), new Date('2026-03-27T12:00:00Z'), 3);
    expect(iso(out)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(out.map((d) => { const w = wallTimeOf(d, 'Europe/Berlin'); return `${w.day} ${w.hour}:${w.minute}`; }))
      .toEqual(['28 2:30', '29 3:0', '30 2:30']);
  });
  it('the gap occurrence fires exactly once: the next one after it (or after 03:30) is the following day', () => {
    const s = every('30 2 * * *', 'Europe/Berlin');
    expect(nextOccurrence(s, new Date('2026-03-29T00:59:59Z'))?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(nextOccurrence(s, new Date('2026-03-29T01:00:00Z'))?.toISOString()).toBe('2026-03-30T00:30:00.000Z');
    expect(nextOccurrence(s, new Date('2026-03-29T01:30:00Z'))?.toISOString()).toBe('2026-03-30T00:30:00.000Z');
  });
  it('a time repeated by the EU fall-back fires once (the first)', () => {
    expect(iso(upcomingOccurrences(every('30 2 * * *', 'Europe/Berlin'), new Date('2026-10-23T12:00:00Z'), 3)))
      .toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });
  it('a daily 02:30 in New York fires once at 03:00 EDT on spring-forward day, 02:30 the days around it', () => {
    const s = every('30 2 * * *', 'America/New_York');
    expect(iso(upcomingOccurrences(s, new Date('2026-03-07T00:00:00Z'), 3)))
      .toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
    expect(nextOccurrence(s, new Date('2026-03-08T07:00:00Z'))?.toISOString()).toBe('2026-03-09T06:30:00.000Z');
  });
  it('Lord Howe (30-minute shift): a daily 02:15 fires once at 02:30 +11 on the changeover day', () => {
    // cron-parser alone skips 4 Oct entirely here; the wall-clock stream puts it back.
    expect(iso(upcomingOccurrences(every('15 2 * * *', 'Australia/Lord_Howe'), new Date('2026-10-02T00:00:00Z'), 4)))
      .toEqual(['2026-10-02T15:45:00.000Z', '2026-10-03T15:30:00.000Z', '2026-10-04T15:15:00.000Z', '2026-10-05T15:15:00.000Z']);
  });
  it('a time repeated by the US fall-back fires once (the first)', () => {
    expect(iso(upcomingOccurrences(every('30 1 * * *', 'America/New_York'), new Date('2026-10-31T00:00:00Z'), 3)))
      .toEqual(['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });
});

describe('weekly schedules across DST', () => {
  // EU transitions happen on Sundays, so a Sunday 02:30 schedule meets both.
  it('EU: Sunday 02:30 through spring-forward and fall-back', () => {
    const s = every('30 2 * * 0', 'Europe/Berlin');
    expect(iso(upcomingOccurrences(s, new Date('2026-03-20T00:00:00Z'), 3)))
      .toEqual(['2026-03-22T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-04-05T00:30:00.000Z']);
    expect(iso(upcomingOccurrences(s, new Date('2026-10-17T00:00:00Z'), 3)))
      .toEqual(['2026-10-18T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-11-01T01:30:00.000Z']);
  });
  it('US: Sunday 02:30 through spring-forward, Sunday 01:30 through fall-back', () => {
    expect(iso(upcomingOccurrences(every('30 2 * * 0', 'America/New_York'), new Date('2026-02-28T00:00:00Z'), 3)))
      .toEqual(['2026-03-01T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-15T06:30:00.000Z']);
    expect(iso(upcomingOccurrences(every('30 1 * * 0', 'America/New_York'), new Date('2026-10-24T00:00:00Z'), 3)))
      .toEqual(['2026-10-25T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-08T06:30:00.000Z']);
  });
  it('Lord Howe: Sunday 02:15 through the 30-minute spring-forward', () => {
    expect(iso(upcomingOccurrences(every('15 2 * * 0', 'Australia/Lord_Howe'), new Date('2026-09-25T12:00:00Z'), 3)))
      .toEqual(['2026-09-26T15:45:00.000Z', '2026-10-03T15:30:00.000Z', '2026-10-10T15:15:00.000Z']);
  });
  it('Monday 09:00 keeps its local time in the week after the change', () => {
    expect(iso(upcomingOccurrences(every('0 9 * * 1', 'Europe/Berlin'), new Date('2026-03-20T00:00:00Z'), 2)))
      .toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });
});

describe('hourly schedules across DST', () => {
  const gaps = (dates: Date[]): number[] => dates.slice(1).map((d, i) => (d.getTime() - dates[i]!.getTime()) / HOUR);

  it('EU spring-forward: every real hour once, no duplicate at the jump', () => {
    const out = upcomingOccurrences(every('0 * * * *', 'Europe/Berlin'), new Date('2026-03-29T00:00:00Z'), 4);
    expect(iso(out)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z', '2026-03-29T03:00:00.000Z', '2026-03-29T04:00:00.000Z']);
  });
  it('EU fall-back: both 02:00s are real hours and both fire', () => {
    const out = upcomingOccurrences(every('0 * * * *', 'Europe/Berlin'), new Date('2026-10-24T23:30:00Z'), 5);
    expect(gaps(out)).toEqual([1, 1, 1, 1]);
    expect(out[0]?.toISOString()).toBe('2026-10-25T00:00:00.000Z');
  });
  it('US spring-forward and fall-back: one hour apart throughout', () => {
    const spring = upcomingOccurrences(every('0 * * * *', 'America/New_York'), new Date('2026-03-08T05:30:00Z'), 4);
    expect(iso(spring)).toEqual(['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z', '2026-03-08T09:00:00.000Z']);
    const fall = upcomingOccurrences(every('0 * * * *', 'America/New_York'), new Date('2026-11-01T04:30:00Z'), 4);
    expect(iso(fall)).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T08:00:00.000Z']);
  });
  it('every 2 hours follows the local clock: the skipped 02:00 slot fires at 03:00, then 04:00', () => {
    expect(iso(upcomingOccurrences(every('0 */2 * * *', 'Europe/Berlin'), new Date('2026-03-28T23:30:00Z'), 3)))
      .toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z', '2026-03-29T04:00:00.000Z']);
  });
  it('a minute schedule inside the EU gap collapses onto the jump once, then resumes the next day', () => {
    expect(iso(upcomingOccurrences(every('*/15 2 * * *', 'Europe/Berlin'), new Date('2026-03-28T12:00:00Z'), 3)))
      .toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:00:00.000Z', '2026-03-30T00:15:00.000Z']);
    expect(iso(upcomingOccurrences(every('* 2 * * *', 'America/New_York'), new Date('2026-03-07T12:00:00Z'), 3)))
      .toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:00:00.000Z', '2026-03-09T06:01:00.000Z']);
  });
  it('half past every hour: the skipped 02:30 fires at the jump, then 03:30 as usual', () => {
    expect(iso(upcomingOccurrences(every('30 * * * *', 'Europe/Berlin'), new Date('2026-03-28T23:45:00Z'), 4)))
      .toEqual(['2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-29T02:30:00.000Z']);
  });
  it('every minute and every 10 minutes across a gap: each real slot once, no duplicate at the jump', () => {
    expect(iso(upcomingOccurrences(every('* * * * *', 'Europe/Berlin'), new Date('2026-03-29T00:58:00Z'), 3)))
      .toEqual(['2026-03-29T00:59:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:01:00.000Z']);
    // Lord Howe jumps 02:00 → 02:30; cron-parser alone also drops the real 02:30–02:50 slots.
    expect(iso(upcomingOccurrences(every('*/10 * * * *', 'Australia/Lord_Howe'), new Date('2026-10-03T15:05:00Z'), 6)))
      .toEqual(['2026-10-03T15:10:00.000Z', '2026-10-03T15:20:00.000Z', '2026-10-03T15:30:00.000Z', '2026-10-03T15:40:00.000Z', '2026-10-03T15:50:00.000Z', '2026-10-03T16:00:00.000Z']);
  });
  it.each([
    ['*/20 * * * *', 'Europe/Berlin', '2026-03-28T22:00:00Z'],
    ['0 */3 * * *', 'America/New_York', '2026-03-07T22:00:00Z'],
    ['*/7 1-3 * * *', 'Europe/Berlin', '2026-03-28T22:00:00Z'],
    ['*/5 * * * *', 'Australia/Lord_Howe', '2026-10-03T12:00:00Z'],
    ['0 */2 * * *', 'Australia/Lord_Howe', '2027-04-02T00:00:00Z'],
    ['*/10 * * * *', 'Australia/Lord_Howe', '2026-04-04T13:00:00Z'],
  ])('%s in %s from %s: strictly increasing and chaining nextOccurrence gives the same list', (cron, tz, from) => {
    const s = every(cron, tz);
    const out = upcomingOccurrences(s, new Date(from), 60);
    expect(out).toHaveLength(60);
    out.forEach((d, k) => {
      const prior = k === 0 ? new Date(from) : out[k - 1]!;
      expect(d.getTime()).toBeGreaterThan(prior.getTime());
      expect(nextOccurrence(s, prior)?.toISOString()).toBe(d.toISOString());
    });
  });
});

describe('parsing next to a DST change', () => {
  it('"tomorrow at 9" the day before the EU spring-forward uses summer time', () => {
    const r = parseReminder('tomorrow at 9 brunch', { tz: 'Europe/Berlin', now: new Date('2026-03-28T12:00:00Z') });
    expect(r.ok && r.dueAt.toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });
  it('"tomorrow at 10" the day before the US fall-back uses standard time', () => {
    const r = parseReminder('tomorrow at 10 brunch', { tz: 'America/New_York', now: new Date('2026-10-31T15:00:00Z') });
    expect(r.ok && r.dueAt.toISOString()).toBe('2026-11-01T15:00:00.000Z');
  });
  it('"tomorrow at 2:30" the evening before spring-forward is the jump: 03:00 CEST / 03:00 EDT', () => {
    const berlin = parseReminder('tomorrow at 2:30 night shift', { tz: 'Europe/Berlin', now: new Date('2026-03-28T19:00:00Z') });
    expect(berlin.ok && berlin.dueAt.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    const newYork = parseReminder('tomorrow at 2:30 night shift', { tz: 'America/New_York', now: new Date('2026-03-07T23:00:00Z') });
    expect(newYork.ok && newYork.dueAt.toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(tomorrowAt(2, 30, 'Europe/Berlin', new Date('2026-03-28T19:00:00Z')).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });
  it('"every day at 2:30" read before spring-forward fires at the jump that day', () => {
    const r = parseReminder('every day at 2:30 backup', { tz: 'Europe/Berlin', now: new Date('2026-03-28T19:00:00Z') });
    if (!r.ok || r.kind !== 'recurring') throw new Error('expected recurring');
    expect(r.dueAt.toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });
  it('"in 2 hours" across the jump is two real hours', () => {
    const r = parseReminder('in 2 hours check', { tz: 'Europe/Berlin', now: new Date('2026-03-29T00:30:00Z') });
    expect(r.ok && r.dueAt.toISOString()).toBe('2026-03-29T02:30:00.000Z');
  });
  it('"every day at 9" read before the change fires at 09:00 summer time', () => {
    const r = parseReminder('every day at 9 vitamins', { tz: 'America/New_York', now: new Date('2026-03-07T20:00:00Z') });
    if (!r.ok || r.kind !== 'recurring') throw new Error('expected recurring');
    expect(iso(upcomingOccurrences(r.schedule, new Date('2026-03-07T20:00:00Z'), 2))).toEqual(['2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
  });
});

describe('missed occurrences and limits', () => {
  it('after downtime the next occurrence is the first after now; missed ones are not replayed', () => {
    const s = every('0 9 * * *', 'Europe/Berlin');
    const now = new Date('2026-11-24T14:00:00Z'); // last fired three days ago
    expect(nextOccurrence(s, now, 5)?.toISOString()).toBe('2026-11-25T08:00:00.000Z');
  });
  it('strictly after: an occurrence exactly at `after` is not returned again', () => {
    const s = every('0 9 * * *', 'UTC');
    expect(nextOccurrence(s, new Date('2026-11-24T09:00:00Z'))?.toISOString()).toBe('2026-11-25T09:00:00.000Z');
  });
  it('until is inclusive and ends the schedule', () => {
    const s = every('0 9 * * *', 'UTC', { until: '2026-11-26T09:00:00.000Z' });
    expect(iso(upcomingOccurrences(s, new Date('2026-11-24T00:00:00Z'), 10))).toHaveLength(3);
    expect(nextOccurrence(s, new Date('2026-11-26T09:00:00Z'))).toBeNull();
  });
  it('maxCount counts occurrences already fired', () => {
    const s = every('0 9 * * *', 'UTC', { maxCount: 3 });
    expect(upcomingOccurrences(s, new Date('2026-11-24T00:00:00Z'), 10, 1)).toHaveLength(2);
    expect(nextOccurrence(s, new Date('2026-11-24T00:00:00Z'), 3)).toBeNull();
  });
});
