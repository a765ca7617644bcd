import { describe, expect, it } from 'vitest';
import { prng } from '../support/seeded-random.ts';
import type { RecurringSchedule } from '../../schema/index.ts';
import { nextOccurrence, parseReminder, upcomingOccurrences, wallTimeOf } from '../../core/time/index.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Asia/Kolkata', 'UTC', 'Australia/Sydney', 'Pacific/Chatham', 'America/Sao_Paulo'];

function randomSchedule(rand: () => number): RecurringSchedule {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const minute = int(0, 59);
  const hour = int(0, 23);
  const cron = pick([
    () => `${minute} ${hour} * * *`,
    () => `${minute} ${hour} * * 1-5`,
    () => `${minute} ${hour} * * 0,6`,
    () => `${minute} ${hour} * * ${int(0, 6)}`,
    () => `${minute} ${hour} ${int(1, 28)} * *`,
    () => `${minute} ${hour} L * *`,
    () => `${minute} ${hour} * * ${int(0, 6)}#${int(1, 4)}`,
    () => `${minute} ${hour} * * ${int(0, 6)}L`,
    () => `${minute} ${hour} ${int(1, 28)} ${int(1, 12)} *`,
    () => `*/${pick([1, 2, 5, 10, 15, 20, 30])} * * * *`,
    () => `0 */${pick([1, 2, 3, 4, 6, 8, 12])} * * *`,
  ])();
  return { kind: 'recurring', cron, tz: pick(ZONES) };
}

describe('upcomingOccurrences properties (random schedules, seeded)', () => {
  it('is strictly increasing, never at or before `after`, honours until/count, and agrees with nextOccurrence', () => {
    const rand = prng(20261124);
    for (let i = 0; i < 300; i++) {
      const base = randomSchedule(rand);
      const after = new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 3 * 365 * 86_400_000));
      const until = rand() < 0.4 ? new Date(after.getTime() + Math.floor(rand() * 60 * 86_400_000)).toISOString() : undefined;
      const maxCount = rand() < 0.4 ? 1 + Math.floor(rand() * 15) : undefined;
      const firedCount = maxCount !== undefined ? Math.floor(rand() * maxCount) : Math.floor(rand() * 3);
      const schedule: RecurringSchedule = { ...base, ...(until ? { until } : {}), ...(maxCount ? { maxCount } : {}) };
      const context = JSON.stringify({ schedule, after, firedCount });

      const out = upcomingOccurrences(schedule, after, 20, firedCount);

      expect(out.length, context).toBeLessThanOrEqual(20);
      if (maxCount !== undefined) expect(out.length, context).toBeLessThanOrEqual(maxCount - firedCount);
      if (until === undefined && maxCount === undefined) expect(out.length, context).toBe(20);
      let previous = after.getTime();
      out.forEach((d, k) => {
        expect(d.getTime(), context).toBeGreaterThan(previous);
        if (until !== undefined) expect(d.getTime(), context).toBeLessThanOrEqual(Date.parse(until));
        const prior = k === 0 ? after : out[k - 1]!;
        expect(nextOccurrence(schedule, prior, firedCount + k)?.toISOString(), context).toBe(d.toISOString());
        previous = d.getTime();
      });
      // When a limit stopped the list early, nothing comes after its last element.
      if (out.length < 20) {
        const last = out[out.length - 1] ?? after;
        expect(nextOccurrence(schedule, last, firedCount + out.length), context).toBeNull();
      }
    }
  });

  it('daily schedules keep their local minute and hour except when DST skips that time', () => {
    const rand = prng(7);
    for (let i = 0; i < 100; i++) {
      const minute = Math.floor(rand() * 60);
      const hour = 4 + Math.floor(rand() * 19); // outside 00:00–03:59, where DST jumps happen in these zones
      const tz = ZONES[Math.floor(rand() * ZONES.length)]!;
      if (tz === 'Pacific/Chatham' || tz === 'America/Sao_Paulo') continue;
      const schedule: RecurringSchedule = { kind: 'recurring', cron: `${minute} ${hour} * * *`, tz };
      const after = new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 365 * 86_400_000));
      for (const d of upcomingOccurrences(schedule, after, 40)) {
        const w = wallTimeOf(d, tz);
        expect([w.hour, w.minute], `${schedule.cron} ${tz} ${d.toISOString()}`).toEqual([hour, minute]);
      }
    }
  });

  it('parsed random phrases always yield a first occurrence in the future matching the schedule', () => {
    const rand = prng(42);
    const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    for (let i = 0; i < 100; i++) {
      const h = Math.floor(rand() * 24);
      const m = Math.floor(rand() * 12) * 5;
      const time = `${h}:${String(m).padStart(2, '0')}`;
      const phrase = [
        `every day at ${time} x`,
        `every ${days[i % 7]} at ${time} x`,
        `every weekday at ${time} x`,
        `every month on the ${1 + (i % 28)}th at ${time} x`,
        `every ${['first', 'second', 'last'][i % 3]} ${days[i % 7]} of the month at ${time} x`,
      ][i % 5]!;
      const tz = ZONES[i % ZONES.length]!;
      const now = new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 2 * 365 * 86_400_000));
      const r = parseReminder(phrase, { tz, now });
      if (!r.ok || r.kind !== 'recurring') throw new Error(`${phrase} in ${tz}: ${JSON.stringify(r)}`);
      expect(r.dueAt.getTime()).toBeGreaterThan(now.getTime());
      expect(nextOccurrence(r.schedule, now)?.toISOString()).toBe(r.dueAt.toISOString());
    }
  });
});
