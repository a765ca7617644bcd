import { z } from 'zod';
import type { RecurringSchedule } from '../../schema/index.ts';
import { formatInstant } from './format.ts';
import { nextOccurrence } from './next-occurrence.ts';
import { fail, latestAllowed, type ParseFailure } from './parse-result.ts';
import { dtstartFor } from './rule-builder.ts';
import { formatRule, type Frequency, type RecurrenceRule } from './rule.ts';
import { zonedWallTimeToUtc } from './zoned-time.ts';

const DAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const nonZero = (min: number, max: number) => z.number().int().min(min).max(max).refine((n) => n !== 0, 'must not be 0');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a local date like 2027-01-01');

/**
 * A repeating schedule as structured data (for the model's tools): everything the RFC 5545 model holds,
 * validated before anything is stored. Times and dates are the chat's local wall clock.
 */
export const StructuredRecurrence = z.strictObject({
  frequency: z.enum(['minutely', 'hourly', 'daily', 'weekly', 'monthly', 'yearly']),
  interval: z.number().int().min(1).max(999).optional().describe('Every N units (2 with weekly = every other week)'),
  weekdays: z.array(z.enum(DAY_CODES)).min(1).max(7).optional().describe('Days of the week, e.g. ["MO","TH"]'),
  nthWeekdays: z.array(z.strictObject({ weekday: z.enum(DAY_CODES), nth: nonZero(-5, 5) })).min(1).max(7).optional()
    .describe('Monthly/yearly: e.g. [{"weekday":"FR","nth":-1}] = the last Friday'),
  monthDays: z.array(nonZero(-31, 31)).min(1).max(31).optional().describe('Days of the month; -1 = the last day'),
  setPositions: z.array(nonZero(-366, 366)).min(1).max(10).optional().describe('RFC 5545 BYSETPOS, e.g. weekdays MO–FR with [-1] = the last workday'),
  months: z.array(z.number().int().min(1).max(12)).min(1).max(12).optional(),
  times: z.array(z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'a time like 08:30')).min(1).max(24).optional()
    .describe('Local times of day, e.g. ["08:00","20:00"]; they must share the minute. Not with minutely/hourly.'),
  start: localDate.optional().describe('First local day it may fire'),
  until: localDate.optional().describe('Last local day it may fire (inclusive)'),
  count: z.number().int().min(1).max(10_000).optional().describe('How many times in total'),
});
export type StructuredRecurrence = z.infer<typeof StructuredRecurrence>;

function toRule(input: StructuredRecurrence): RecurrenceRule | ParseFailure {
  const freq = input.frequency.toUpperCase() as Frequency;
  const subDaily = freq === 'MINUTELY' || freq === 'HOURLY';
  if (subDaily && input.times) return fail('no_time', 'A minutely or hourly repeat has no times of day; give daily with several times instead.');
  if (input.nthWeekdays && !['MONTHLY', 'YEARLY'].includes(freq)) return fail('no_time', 'nthWeekdays need a monthly or yearly frequency.');
  if (input.weekdays && input.nthWeekdays) return fail('no_time', 'Give weekdays or nthWeekdays, not both.');
  if (freq === 'MINUTELY' && (input.interval ?? 1) < 1) return fail('too_frequent', 'At most once a minute.');
  const times = (input.times ?? ['09:00']).map((t) => ({ hour: Number(t.slice(0, 2)), minute: Number(t.slice(3)) }));
  const minutes = [...new Set(times.map((t) => t.minute))];
  if (minutes.length > 1) return fail('no_time', 'Times of one schedule must share the minute ("08:00" and "20:00"); schedule the others separately.');
  const byDay = input.weekdays?.map((d) => ({ weekday: DAY_CODES.indexOf(d) }))
    ?? input.nthWeekdays?.map((d) => ({ weekday: DAY_CODES.indexOf(d.weekday), nth: d.nth }));
  return {
    freq,
    interval: input.interval ?? 1,
    ...(byDay ? { byDay } : {}),
    ...(input.monthDays ? { byMonthDay: input.monthDays } : {}),
    ...(input.months ? { byMonth: input.months } : {}),
    ...(input.setPositions ? { bySetPos: input.setPositions } : {}),
    ...(subDaily ? {} : { byHour: [...new Set(times.map((t) => t.hour))].sort((a, b) => a - b), byMinute: minutes }),
  };
}

/**
 * The stored schedule and first occurrence for a structured recurrence in zone `tz`, or a failure a
 * person (or the model) can act on. DTSTART is the first match on or after `start` (or after now).
 */
export function scheduleFromStructured(input: StructuredRecurrence, tz: string, now: Date): { schedule: RecurringSchedule; dueAt: Date } | ParseFailure {
  const rule = toRule(input);
  if ('ok' in rule) return rule;
  const dayStart = (d: string, plusDays = 0): Date => zonedWallTimeToUtc(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10)) + plusDays, 0, 0, tz);
  const start = input.start ? dayStart(input.start) : undefined;
  const until = input.until ? new Date(dayStart(input.until, 1).getTime() - 1) : undefined;
  const dtstart = dtstartFor(rule, tz, now, start);
  if (dtstart === null) return fail('no_time', 'That schedule never comes round.');
  const schedule: RecurringSchedule = {
    kind: 'recurring', rrule: formatRule(rule), dtstart, tz,
    ...(until ? { until: until.toISOString() } : {}),
    ...(input.count !== undefined ? { maxCount: input.count } : {}),
  };
  const dueAt = nextOccurrence(schedule, now, 0);
  if (dueAt === null) return fail('past', 'That schedule has no occurrence after now (check until/count).');
  if (dueAt.getTime() > latestAllowed(now)) return fail('too_far', `The first reminder would be ${formatInstant(dueAt, tz, now)}, more than 5 years away.`);
  return { schedule, dueAt };
}
