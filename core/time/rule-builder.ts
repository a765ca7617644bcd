import { pad2 } from './pad.ts';
import { fail, type ParseFailure } from './parse-result.ts';
import type { Recurrence } from './recurrence.ts';
import { firstWallMatch } from './rrule-occurrences.ts';
import { formatLocal, formatRule, type RecurrenceRule } from './rule.ts';
import type { TimeOfDay } from './time-of-day.ts';
import { wallTimeOf, zonedWallTimeToUtc } from './zoned-time.ts';

const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
};

/**
 * The RFC 5545 rule for what the grammar read. `times` are the times of day (at least one; several for "at 8
 * and 20"), `window` the hours of an every-N-minutes/hours repeat ("from 9 to 17"). `now` supplies the
 * weekday/day/month that "every week" / "every month" / "every year" leave unsaid.
 */
export function ruleFor(recurrence: Recurrence, times: TimeOfDay[], window: { from: number; to: number } | undefined, tz: string, now: Date): RecurrenceRule | ParseFailure {
  const local = wallTimeOf(now, tz);
  const { days, frequency } = recurrence;
  const interval = recurrence.interval ?? 1;
  const byDay = days.kind === 'weekly' && days.weekdays ? days.weekdays.map((weekday) => ({ weekday })) : undefined;
  if (frequency) {
    const freq = frequency.unit === 'minute' ? 'MINUTELY' : 'HOURLY';
    if (window === undefined) return { freq, interval: frequency.step, ...(byDay ? { byDay } : {}) };
    // A window names the hours, so the repeat is wall-clock times inside it, every day it applies.
    const dayPart: RecurrenceRule = byDay ? { freq: 'WEEKLY', interval: 1, byDay } : { freq: 'DAILY', interval: 1 };
    if (frequency.unit === 'hour') return { ...dayPart, byHour: range(window.from, window.to, frequency.step), byMinute: [0] };
    if (60 % frequency.step !== 0) {
      return fail('no_time', `Inside a window of hours I can repeat every 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30 minutes, or whole hours — not every ${frequency.step} minutes. Leave the window out to repeat every ${frequency.step} minutes around the clock.`);
    }
    return { ...dayPart, byHour: range(window.from, window.to - 1), byMinute: range(0, 59, frequency.step) };
  }
  const minutes = [...new Set(times.map((t) => t.minute))];
  if (minutes.length > 1) {
    const said = times.map((t) => `${t.hour}:${pad2(t.minute)}`).join(' and ');
    return fail('no_time', `I can combine times of day only when they share the minute ("at 8 and 20", "at 8:30 and 20:30"), not ${said}. Set a second reminder for the other time.`);
  }
  const time: RecurrenceRule = { freq: 'DAILY', interval, byHour: [...new Set(times.map((t) => t.hour))].sort((a, b) => a - b), byMinute: minutes };
  switch (days.kind) {
    case 'daily':
      return time;
    case 'weekly':
      return { ...time, freq: 'WEEKLY', byDay: byDay ?? [{ weekday: local.weekday }] };
    case 'monthly':
      if (days.lastWorkday) {
        // BYSETPOS counts every instant of the month's set, so several times need as many last positions.
        const count = (time.byHour?.length ?? 1) * minutes.length;
        return { ...time, freq: 'MONTHLY', byDay: [1, 2, 3, 4, 5].map((weekday) => ({ weekday })), bySetPos: range(-count, -1) };
      }
      if (days.nthWeekday) {
        return { ...time, freq: 'MONTHLY', byDay: [{ weekday: days.nthWeekday.weekday, nth: days.nthWeekday.nth === 'L' ? -1 : days.nthWeekday.nth }] };
      }
      {
        // "every month" on the 31st would skip short months; from the 29th on it means the month's end.
        const day = days.dayOfMonth ?? (local.day > 28 ? 'L' : local.day);
        return { ...time, freq: 'MONTHLY', byMonthDay: [day === 'L' ? -1 : day] };
      }
    case 'yearly':
      return { ...time, freq: 'YEARLY', byMonth: [days.month ?? local.month], byMonthDay: [days.day ?? local.day] };
  }
}

const localOf = (at: Date, tz: string): string => {
  const w = wallTimeOf(at, tz);
  return formatLocal(w.year, w.month, w.day, w.hour, w.minute);
};

const wallToLocal = (wallMs: number): string => {
  const d = new Date(wallMs);
  return formatLocal(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
};

/**
 * DTSTART for `rule`: the first matching wall time after `now` (and not before `start`), found with the
 * interval set to 1 — "every 3 days at 9" set at 15:00 starts tomorrow at 09:00, then every 3 days from
 * there. Every N minutes/hours with no window starts N units after `now` (or at `start`).
 */
export function dtstartFor(rule: RecurrenceRule, tz: string, now: Date, start?: Date): string | null {
  const from = start !== undefined && start.getTime() > now.getTime() ? start : undefined;
  if ((rule.freq === 'MINUTELY' || rule.freq === 'HOURLY') && rule.byHour === undefined) {
    if (from) return localOf(from, tz);
    const step = rule.interval * (rule.freq === 'MINUTELY' ? 60_000 : 3_600_000);
    return localOf(new Date(Math.floor(now.getTime() / 60_000) * 60_000 + step), tz);
  }
  const single = formatRule({ ...rule, interval: 1 });
  let seed = from ? localOf(from, tz) : localOf(new Date(now.getTime() + 60_000), tz);
  // A wall time just ahead can still be behind `now` on a fall-back day (the second pass); look further.
  for (let tries = 0; tries < 4; tries++) {
    const wall = firstWallMatch(single, seed);
    if (wall === null) return null;
    const d = new Date(wall);
    const at = zonedWallTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), tz);
    if (at.getTime() > now.getTime()) return wallToLocal(wall);
    seed = wallToLocal(wall + 60_000);
  }
  return null;
}
