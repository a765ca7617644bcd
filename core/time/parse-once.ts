import * as chrono from 'chrono-node';
import { formatInstant } from './format.ts';
import { fail, latestAllowed, type ParseFailure } from './parse-result.ts';
import { zonedWallTimeToUtc, zoneOffsetMinutes } from './zoned-time.ts';

export interface OnceParse {
  dueAt: Date;
  /** Where the time phrase sits in the text, to cut it out. */
  span: [start: number, end: number];
}

/** Hours for vague periods when no clock time is given ("tomorrow morning" → 09:00). */
const CASUAL_HOURS: Record<string, number> = {
  'casualReference/morning': 9,
  'casualReference/afternoon': 15,
  'casualReference/evening': 19,
  'casualReference/tonight': 20,
  'casualReference/night': 21,
};

/** A date with no time means 09:00 local — also for a bare "tomorrow" or "on friday". */
const DEFAULT_HOUR = 9;

function hourWhenUnsaid(result: chrono.ParsedResult, tags: Set<string>): { hour: number; minute: number } {
  for (const [tag, hour] of Object.entries(CASUAL_HOURS)) if (tags.has(tag)) return { hour, minute: 0 };
  // "in 3 days" is a span from now, so it keeps the current time of day; "next week" is a date.
  if (tags.has('result/relativeDate') && /^(?:in|within|after)\b|\b(?:from now|later)$/i.test(result.text.trim())) {
    return { hour: result.start.get('hour') ?? DEFAULT_HOUR, minute: result.start.get('minute') ?? 0 };
  }
  return { hour: DEFAULT_HOUR, minute: 0 };
}

/**
 * The one-time reading of `text` in zone `tz`, or undefined when it holds no date or time.
 *
 * chrono-node ignores IANA zones in its reference, so it is given `tz`'s offset at `now` (which makes its
 * "today", "tomorrow" and forward-dating right for that zone) and we take the wall-clock fields it found
 * and convert them ourselves with the offset in force on the target date — otherwise a date across a DST
 * change would be an hour off. Spans of time ("in 2 hours") are exact durations and are used as instants.
 */
export function parseOnce(text: string, tz: string, now: Date): OnceParse | ParseFailure | undefined {
  const reference = { instant: now, timezone: zoneOffsetMinutes(now, tz) };
  const results = chrono.parse(text, reference, { forwardDate: true });
  const result = results.find((r) => r.start.isCertain('hour')) ?? results[0];
  if (!result) return undefined;
  const tags = result.tags();
  const start = result.start;
  const span: [number, number] = [result.index, result.index + result.text.length];

  let dueAt: Date;
  if (tags.has('result/relativeDateAndTime')) {
    dueAt = start.date();
  } else {
    const { hour, minute } = start.isCertain('hour')
      ? { hour: start.get('hour') ?? 0, minute: start.get('minute') ?? 0 }
      : hourWhenUnsaid(result, tags);
    const [year, month, day] = [start.get('year') ?? 0, start.get('month') ?? 1, start.get('day') ?? 1];
    dueAt = zonedWallTimeToUtc(year, month, day, hour, minute, tz);
    if (dueAt.getTime() <= now.getTime() && !start.isCertain('day')) {
      // Forward dates only: a bare time already gone today means tomorrow; a weekday means next week.
      const step = start.isCertain('weekday') ? 7 : 1;
      dueAt = zonedWallTimeToUtc(year, month, day + step, hour, minute, tz);
    }
  }
  if (dueAt.getTime() <= now.getTime()) {
    return fail('past', `${formatInstant(dueAt, tz, now)} has already passed (it's ${formatInstant(now, tz)} in ${tz}). Reminders need a time in the future.`);
  }
  if (dueAt.getTime() > latestAllowed(now)) {
    return fail('too_far', `${formatInstant(dueAt, tz, now)} is more than 5 years away. Pick a time within the next 5 years.`);
  }
  return { dueAt, span };
}
