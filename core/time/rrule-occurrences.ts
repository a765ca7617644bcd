import { RRuleTemporal } from 'rrule-temporal';
import type { RecurringSchedule } from '../../schema/index.ts';
import { icsLocal, parseLocal, parseRule, type RecurrenceRule } from './rule.ts';
import { wallTimeOf, zonedWallTimeToUtc } from './zoned-time.ts';

/** A schedule in the RFC 5545 form (rrule + dtstart). */
export type RruleSchedule = RecurringSchedule & { rrule: string; dtstart: string };

export function isRruleSchedule(schedule: RecurringSchedule): schedule is RruleSchedule {
  return schedule.rrule !== undefined && schedule.dtstart !== undefined;
}

const MINUTE_MS = 60_000;

/**
 * Every N minutes or hours with no hours of the day named ("every 90 minutes", "every 3 hours") counts
 * elapsed time from DTSTART, across DST too: a 3-hour pill schedule stays 3 hours apart when the clocks
 * change. With BYHOUR/BYMINUTE (a window, "every 3 hours from 9 to 21") it is wall-clock like the rest.
 */
export function countsElapsedTime(rule: RecurrenceRule): boolean {
  return (rule.freq === 'MINUTELY' || rule.freq === 'HOURLY') && rule.byHour === undefined && rule.byMinute === undefined && rule.bySetPos === undefined;
}

const wallMsOf = (at: Date, tz: string): number => {
  const w = wallTimeOf(at, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, at.getUTCMilliseconds());
};

const toInstant = (wallMs: number, tz: string): number => {
  const d = new Date(wallMs);
  return zonedWallTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), tz).getTime();
};

const localToWallMs = (local: string): number => {
  const p = parseLocal(local);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
};

/** Whether an elapsed-time tick's local day passes the rule's BYDAY/BYMONTHDAY/BYMONTH limits. */
function dayAllowed(rule: RecurrenceRule, at: number, tz: string): boolean {
  const w = wallTimeOf(new Date(at), tz);
  if (rule.byMonth && !rule.byMonth.includes(w.month)) return false;
  if (rule.byDay && !rule.byDay.some((d) => d.weekday === w.weekday)) return false;
  if (rule.byMonthDay) {
    const last = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
    if (!rule.byMonthDay.some((d) => (d > 0 ? d : last + 1 + d) === w.day)) return false;
  }
  return true;
}

function* elapsedTicks(schedule: RruleSchedule, rule: RecurrenceRule, after: number): Generator<number> {
  const p = parseLocal(schedule.dtstart);
  const start = zonedWallTimeToUtc(p.year, p.month, p.day, p.hour, p.minute, schedule.tz).getTime();
  const step = rule.interval * (rule.freq === 'MINUTELY' ? MINUTE_MS : 60 * MINUTE_MS);
  const skipped = new Set((schedule.exdate ?? []).map((l) => { const e = parseLocal(l); return zonedWallTimeToUtc(e.year, e.month, e.day, e.hour, e.minute, schedule.tz).getTime(); }));
  let k = after < start ? 0 : Math.floor((after - start) / step) + 1;
  // A day filter can reject every tick of a long stretch (weekends): bounded, so a bad rule cannot hang.
  for (let guard = 0; guard < 600_000; guard++, k++) {
    const at = start + k * step;
    if (at <= after || skipped.has(at) || !dayAllowed(rule, at, schedule.tz)) continue;
    yield at;
  }
}

function* wallClockTicks(schedule: RruleSchedule, after: number): Generator<number> {
  const lines = [`DTSTART;TZID=UTC:${icsLocal(schedule.dtstart)}`, `RRULE:${schedule.rrule}`];
  if (schedule.exdate && schedule.exdate.length > 0) lines.push(`EXDATE;TZID=UTC:${schedule.exdate.map(icsLocal).join(',')}`);
  // Evaluated on the wall clock (as if in UTC, which has no DST), then each wall time is placed in the zone:
  // a time in a spring-forward gap fires when the clocks jump, a repeated one fires once (the first).
  // rrule-temporal's own zone handling drops a gap day entirely, which would lose a reminder.
  const rule = new RRuleTemporal({ rruleString: lines.join('\n') });
  // Start a little before `after`'s wall time: in a fall-back's second pass, wall times just ahead map to
  // instants already past and are skipped by the caller; in a gap, earlier wall times map to the jump.
  let cursor = new Date(wallMsOf(new Date(after), schedule.tz) - 3 * 3_600_000);
  for (;;) {
    const next = rule.next(cursor, false);
    if (next === null) return;
    const wall = next.epochMilliseconds;
    yield toInstant(wall, schedule.tz);
    cursor = new Date(wall);
  }
}

/**
 * Up to `count` instants strictly after `after` of an RFC 5545 schedule, increasing, each once, within
 * `until` and `maxCount - firedCount`. See {@link countsElapsedTime} for every-N-minutes/hours rules.
 */
export function rruleOccurrences(schedule: RruleSchedule, after: Date, count: number, firedCount = 0): Date[] {
  const remaining = schedule.maxCount === undefined ? count : Math.min(count, schedule.maxCount - firedCount);
  if (remaining <= 0) return [];
  const rule = parseRule(schedule.rrule);
  const until = schedule.until === undefined ? Infinity : Date.parse(schedule.until);
  const afterMs = after.getTime();
  const ticks = countsElapsedTime(rule) ? elapsedTicks(schedule, rule, afterMs) : wallClockTicks(schedule, afterMs);
  const out: Date[] = [];
  let last = afterMs;
  for (const at of ticks) {
    if (at > until) break;
    if (at <= last) continue;
    out.push(new Date(at));
    last = at;
    if (out.length >= remaining) break;
  }
  return out;
}

/** The first wall time of `rule` at or after local `from` (an RRULE's DTSTART must be an occurrence). */
export function firstWallMatch(rrule: string, fromLocal: string): number | null {
  const rule = new RRuleTemporal({ rruleString: `DTSTART;TZID=UTC:${icsLocal(fromLocal)}\nRRULE:${rrule}` });
  const first = rule.next(new Date(localToWallMs(fromLocal) - 1), false);
  return first === null ? null : first.epochMilliseconds;
}
