import { CronExpressionParser, type CronExpression } from 'cron-parser';
import type { RecurringSchedule } from '../../schema/index.ts';
import { isRruleSchedule, rruleOccurrences } from './rrule-occurrences.ts';
import { wallTimeOf, zonedWallTimeToUtc } from './zoned-time.ts';

/**
 * Enough ticks to cross a whole day of minutely slots that all land in one gap ("* 2 * * *" on a
 * spring-forward day) without mistaking it for a cron-parser that stopped moving.
 */
const MAX_SKIPPED_TICKS = 2_000;

/**
 * A source of candidate fire times, increasing but possibly repeating; `peek` is the current candidate.
 */
interface TickStream {
  peek(): number;
  advance(): void;
}

/**
 * cron-parser evaluated in the schedule's zone: right for ordinary times and for the repeated hour of a
 * fall-back (an hourly schedule fires in both 02:00s; a daily 02:30 fires once, at the first). Ticks whose
 * wall time does not match the expression are dropped: cron-parser produces them by pushing a wall time
 * that fell in a spring-forward gap forward by the gap's length (02:30 → 03:30), which is not our rule.
 */
function zonedTicks(schedule: RecurringSchedule & { cron: string }, after: Date): TickStream {
  const expression = CronExpressionParser.parse(schedule.cron, { currentDate: after, tz: schedule.tz });
  const pull = (): number => {
    for (let i = 0; i < MAX_SKIPPED_TICKS; i++) {
      let next: Date;
      try {
        next = expression.next().toDate();
      } catch {
        // cron-parser 5 can give up ("loop limit exceeded") next to a half-hour fall-back (every 2 hours
        // in Australia/Lord_Howe); the wall-clock stream still yields every slot, so carry on without it.
        return Infinity;
      }
      if (expression.includesDate(next)) return next.getTime();
    }
    return Infinity;
  };
  let head = pull();
  return { peek: () => head, advance: () => { head = pull(); } };
}

/**
 * The same expression walked over wall-clock times (evaluated as if UTC, which has no DST), each turned
 * into an instant with {@link zonedWallTimeToUtc}: a wall time in a spring-forward gap becomes the first
 * valid instant after it, the moment the clocks jump. This supplies what the zoned stream drops or — for
 * half-hour shifts such as Australia/Lord_Howe — skips outright (cron-parser 5 misses the whole day there).
 * Wall times only move forward here, so a fall-back's second pass never comes from this stream.
 */
function wallTicks(schedule: RecurringSchedule & { cron: string }, after: Date): TickStream {
  const w = wallTimeOf(after, schedule.tz);
  const wallNow = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, after.getUTCMilliseconds());
  const expression: CronExpression = CronExpressionParser.parse(schedule.cron, { currentDate: new Date(wallNow), tz: 'UTC' });
  const pull = (): number => {
    const wall = expression.next().toDate();
    const at = zonedWallTimeToUtc(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), schedule.tz);
    return at.getTime();
  };
  let head = pull();
  return { peek: () => head, advance: () => { head = pull(); } };
}

/**
 * The first occurrence of `schedule` strictly after `after`, or null when until/count has ended it.
 * `firedCount` is how many occurrences were already delivered (count limits include them).
 * Evaluated in the schedule's own zone so 09:00 stays 09:00 local across DST; a local time skipped by a
 * spring-forward gap fires once, at the first valid instant after it (02:30 → 03:00, when the clocks
 * jump), and the next day is back at 02:30; a repeated one fires once (the first).
 *
 * Missed occurrences are not replayed: after downtime, `nextOccurrence(schedule, now, firedCount)` is the
 * next one strictly after `now`, whatever was skipped.
 */
export function nextOccurrence(schedule: RecurringSchedule, after: Date, firedCount = 0): Date | null {
  return upcomingOccurrences(schedule, after, 1, firedCount)[0] ?? null;
}

/**
 * Up to `count` occurrences strictly after `after`, in strictly increasing order, stopping early at
 * until/maxCount. `firedCount` counts occurrences already delivered, as in {@link nextOccurrence}.
 *
 * Merges {@link zonedTicks} and {@link wallTicks}: both are increasing, so taking the smaller head and
 * dropping anything at or before the last emitted instant fires each slot once, even when several wall
 * times of one gap (every quarter hour from 02:00 on a spring-forward day) collapse onto one instant.
 */
export function upcomingOccurrences(schedule: RecurringSchedule, after: Date, count: number, firedCount = 0): Date[] {
  if (isRruleSchedule(schedule)) return rruleOccurrences(schedule, after, count, firedCount);
  const cron = schedule.cron;
  if (cron === undefined) throw new TypeError('a recurring schedule needs cron or rrule with dtstart');
  return cronOccurrences({ ...schedule, cron }, after, count, firedCount);
}

/** Rows written in the cron form (before RFC 5545 rules, and `/every cron …`) keep firing through cron-parser. */
function cronOccurrences(schedule: RecurringSchedule & { cron: string }, after: Date, count: number, firedCount: number): Date[] {
  const remaining = schedule.maxCount === undefined ? count : Math.min(count, schedule.maxCount - firedCount);
  if (remaining <= 0) return [];
  const until = schedule.until === undefined ? Infinity : Date.parse(schedule.until);
  const streams = [zonedTicks(schedule, after), wallTicks(schedule, after)];
  const out: Date[] = [];
  let last = after.getTime();
  for (let guard = 0; out.length < remaining; guard++) {
    if (guard > MAX_SKIPPED_TICKS * (remaining + 1)) throw new Error(`no occurrence of "${schedule.cron}" after ${new Date(last).toISOString()}`);
    const next = Math.min(...streams.map((s) => s.peek()));
    if (next === Infinity) break;
    for (const s of streams) if (s.peek() === next) s.advance();
    if (next <= last) continue;
    if (next > until) break;
    out.push(new Date(next));
    last = next;
  }
  return out;
}
