import { CronExpressionParser } from 'cron-parser';
import type { RecurringSchedule } from '../../schema/index.ts';

/**
 * The first occurrence of `schedule` strictly after `after`, or null when until/count has ended it.
 * `firedCount` is how many occurrences were already delivered (count limits include them).
 * Evaluated in the schedule's own zone so 09:00 stays 09:00 local across DST.
 */
export function nextOccurrence(schedule: RecurringSchedule, after: Date, firedCount = 0): Date | null {
  if (schedule.maxCount !== undefined && firedCount >= schedule.maxCount) return null;
  const expression = CronExpressionParser.parse(schedule.cron, { currentDate: after, tz: schedule.tz });
  const next = expression.next().toDate();
  if (schedule.until !== undefined && next.getTime() > Date.parse(schedule.until)) return null;
  return next;
}
