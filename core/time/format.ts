import type { Schedule } from '../../schema/index.ts';
import { describeCron } from './describe-cron.ts';
import { describeRule } from './describe-rule.ts';
import { wallTimeOf } from './zoned-time.ts';
import { pad2 } from './pad.ts';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];


/**
 * An instant as a chat reads it in its zone: "Thu 26 Nov 10:00". The year is added ("Thu 26 Nov 2027 10:00")
 * only when it differs from `now`'s year in that zone; without `now` it is left out.
 */
export function formatInstant(at: Date, tz: string, now?: Date): string {
  const w = wallTimeOf(at, tz);
  const year = now !== undefined && wallTimeOf(now, tz).year !== w.year ? ` ${w.year}` : '';
  return `${DAY_NAMES[w.weekday]} ${w.day} ${MONTH_NAMES[w.month - 1]}${year} ${pad2(w.hour)}:${pad2(w.minute)}`;
}

/**
 * A schedule in words for replies and lists.
 * Recurring: "every weekday at 08:30 (Europe/Berlin), next: Wed 25 Nov 08:30", with until/count when set
 * and "no further occurrences" when `next` is null. One-time: the due instant, "Thu 26 Nov 10:00".
 * `now`, when given, decides whether years are shown.
 */
export function describeSchedule(schedule: Schedule, next: Date | null, tz: string, now?: Date): string {
  if (schedule.kind === 'once') return next === null ? 'already delivered' : formatInstant(next, tz, now);
  const limits: string[] = [];
  if (schedule.until !== undefined) limits.push(`until ${formatInstant(new Date(schedule.until), schedule.tz, now)}`);
  if (schedule.maxCount !== undefined) limits.push(schedule.maxCount === 1 ? 'once' : `${schedule.maxCount} times`);
  const words = schedule.rrule !== undefined && schedule.dtstart !== undefined
    ? describeRule(schedule.rrule, schedule.dtstart)
    : describeCron(schedule.cron ?? '');
  const rule = [words, ...limits].join(', ');
  const upcoming = next === null ? 'no further occurrences' : `next: ${formatInstant(next, schedule.tz, now)}`;
  return `${rule} (${schedule.tz}), ${upcoming}`;
}
