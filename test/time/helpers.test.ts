import { describe, expect, it } from 'vitest';
import {
  describeCron, describeSchedule, formatInstant, formatLateness, parseDuration, resolveZone, tomorrowAt,
} from '../../core/time/index.ts';

const NOW = new Date('2026-11-24T14:00:00Z');

describe('formatInstant', () => {
  it('shows weekday, day, month and 24-hour time in the zone', () => {
    expect(formatInstant(new Date('2026-11-26T09:00:00Z'), 'Europe/Berlin', NOW)).toBe('Thu 26 Nov 10:00');
    expect(formatInstant(new Date('2026-11-26T09:00:00Z'), 'Asia/Kolkata')).toBe('Thu 26 Nov 14:30');
  });
  it('adds the year only when it differs from now\'s year in that zone', () => {
    expect(formatInstant(new Date('2027-03-03T08:00:00Z'), 'Europe/Berlin', NOW)).toBe('Wed 3 Mar 2027 09:00');
    // 31 Dec 23:30 UTC is already 1 Jan in Tokyo, and "now" is still 2026 there too.
    expect(formatInstant(new Date('2026-12-31T23:30:00Z'), 'Asia/Tokyo', NOW)).toBe('Fri 1 Jan 2027 08:30');
  });
});

describe('describeSchedule', () => {
  it('matches the issue\'s example for a weekday schedule', () => {
    const schedule = { kind: 'recurring' as const, cron: '30 8 * * 1-5', tz: 'Europe/Berlin' };
    expect(describeSchedule(schedule, new Date('2026-11-25T07:30:00Z'), 'Europe/Berlin')).toBe('every weekday at 08:30 (Europe/Berlin), next: Wed 25 Nov 08:30');
  });
  it('describes a one-time schedule as its instant', () => {
    expect(describeSchedule({ kind: 'once' }, new Date('2026-11-26T09:00:00Z'), 'Europe/Berlin')).toBe('Thu 26 Nov 10:00');
  });
  it('mentions until, count and the end of a schedule', () => {
    const schedule = { kind: 'recurring' as const, cron: '0 9 * * 1', tz: 'UTC', until: '2026-12-31T23:59:59.999Z', maxCount: 4 };
    expect(describeSchedule(schedule, null, 'UTC')).toBe('every Monday at 09:00, until Thu 31 Dec 23:59, 4 times (UTC), no further occurrences');
  });
  it.each([
    ['0 9 * * *', 'every day at 09:00'],
    ['0 10 * * 0,6', 'every weekend day at 10:00'],
    ['0 18 * * 1,4', 'every Monday and Thursday at 18:00'],
    ['0 */2 * * *', 'every 2 hours'],
    ['*/30 * * * *', 'every 30 minutes'],
    ['* * * * *', 'every minute'],
    ['0 * * * *', 'every hour'],
    ['0 10 15 * *', 'every month on the 15th at 10:00'],
    ['0 9 * * 1#1', 'every first Monday of the month at 09:00'],
    ['0 9 * * 5L', 'every last Friday of the month at 09:00'],
    ['0 9 L * *', 'every month on the last day at 09:00'],
    ['0 9 3 3 *', 'every year on 3 March at 09:00'],
    // 29 February only comes in leap years: say so rather than promise "every year".
    ['0 9 29 2 *', 'every 4 years on 29 February (leap years only) at 09:00'],
    ['0 9-17/2 * * 1-5', 'every 2 hours from 09:00 to 17:00 on weekdays'],
    ['*/30 9-16 * * *', 'every 30 minutes from 09:00 to 17:00'],
    ['5 4 * * 2/3', 'cron 5 4 * * 2/3'],
  ])('describeCron(%s)', (cron, words) => {
    expect(describeCron(cron)).toBe(words);
  });
});

describe('parseDuration', () => {
  it.each([
    ['10m', 600_000], ['10 min', 600_000], ['1h', 3_600_000], ['2 hours', 7_200_000], ['1 day', 86_400_000],
    ['90 minutes', 5_400_000], ['1h30m', 5_400_000], ['1 hour 30 minutes', 5_400_000], ['half an hour', 1_800_000],
    ['an hour', 3_600_000], ['30s', 30_000], ['1.5h', 5_400_000], ['2 weeks', 1_209_600_000], ['in 15 minutes', 900_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['', 'soon', '10', 'ten parsecs', '0 minutes', '-5m'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('tomorrowAt', () => {
  it('is tomorrow in the chat\'s zone, not in UTC or the process zone', () => {
    // 20:00 UTC on the 24th is already the 25th in Tokyo, so "tomorrow" is the 26th there.
    expect(tomorrowAt(9, 0, 'Asia/Tokyo', new Date('2026-11-24T20:00:00Z')).toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(tomorrowAt(9, 0, 'America/New_York', new Date('2026-11-25T03:00:00Z')).toISOString()).toBe('2026-11-25T14:00:00.000Z');
  });
  it('uses the offset of the target day across DST', () => {
    expect(tomorrowAt(9, 0, 'Europe/Berlin', new Date('2026-03-28T12:00:00Z')).toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });
});

describe('resolveZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'], ['europe/berlin', 'Europe/Berlin'], ['berlin', 'Europe/Berlin'],
    ['New York', 'America/New_York'], ['new_york', 'America/New_York'], ['tokyo', 'Asia/Tokyo'], ['TOKYO', 'Asia/Tokyo'],
    ['UTC', 'UTC'], ['gmt', 'UTC'], ['GMT+2', 'Etc/GMT-2'], ['UTC-5', 'Etc/GMT+5'], ['mumbai', 'Asia/Kolkata'],
    ['Asia/Kolkata', 'Asia/Kolkata'], ['Asia/Calcutta', 'Asia/Kolkata'], ['san francisco', 'America/Los_Angeles'],
    ['munich', 'Europe/Berlin'], ['sao paulo', 'America/Sao_Paulo'], ['CET', 'Europe/Berlin'], ['PST', 'America/Los_Angeles'],
    ['London', 'Europe/London'], ['sydney', 'Australia/Sydney'], ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ])('%s → %s', (input, zone) => {
    expect(resolveZone(input)).toBe(zone);
  });
  it.each(['', 'Mars/Base', 'atlantis', 'GMT+20', 'GMT+5:30'])('does not guess for %j', (input) => {
    expect(resolveZone(input)).toBeUndefined();
  });
});

describe('formatLateness', () => {
  it.each([
    [20_000, 'less than a minute'], [25 * 60_000, '25 min'], [60 * 60_000, '1 h'], [80 * 60_000, '1 h 20 min'],
    [3 * 3_600_000, '3 h'], [3.4 * 3_600_000, '3 h'], [30 * 3_600_000, '30 h'], [2 * 86_400_000, '2 days'], [9 * 86_400_000, '9 days'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatLateness(ms)).toBe(text);
  });
});
