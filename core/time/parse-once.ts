import type * as chrono from 'chrono-node';
import { ZERO_LED, type OtherHalf } from './bare-hour.ts';
import { writesTwelveHourClock } from './clock-habit.ts';
import { BARE_DAY_TAG, LEAP_DAY_TAG, namesADate, nextDayOfMonth, readDates, type DateHit } from './date-reader.ts';
import { formatInstant } from './format.ts';
import { fail, latestAllowed, type ParseFailure } from './parse-result.ts';
import { DETACHED_PERIOD, hourInPeriod, PERIOD_DEFAULT_HOUR, type DayPeriod } from './time-of-day.ts';
import { isLeapYear } from './vocabulary.ts';
import { localDatePlusDays, wallTimeOf, zonedWallTimeToUtc, zoneOffsetMinutes } from './zoned-time.ts';
import { pad2 } from './pad.ts';

export interface OnceParse {
  dueAt: Date;
  /** What was assumed ("at 5" read as 17:00), for the confirmation. */
  notes?: string[];
  /** Where the time phrases sit in the text, to cut them out. */
  spans: Array<[start: number, end: number]>;
  /** An hour read without am/pm: where it was written and the other half of the day ("17:00" for a 05:00 reading). */
  otherHalf?: OtherHalf;
}

/** Hours for vague periods when no clock time is given ("tomorrow morning" → 09:00). */
const CASUAL_HOURS: Record<string, number> = {
  'casualReference/morning': PERIOD_DEFAULT_HOUR.morning,
  'casualReference/afternoon': PERIOD_DEFAULT_HOUR.afternoon,
  'casualReference/evening': PERIOD_DEFAULT_HOUR.evening,
  'casualReference/tonight': 20,
  'casualReference/night': PERIOD_DEFAULT_HOUR.night,
};

/** Case-insensitive on the original text, so its indexes are the text's own (lowercasing can change lengths). */
const DETACHED_PERIOD_ANY_CASE = new RegExp(DETACHED_PERIOD.source, 'i');

/** A date with no time means 09:00 local — also for a bare "tomorrow" or "on friday". */
const DEFAULT_HOUR = 9;

type Span = [start: number, end: number];

function nextLeapYear(after: number): number {
  let year = after + 1;
  while (!isLeapYear(year)) year++;
  return year;
}

function spanOf(result: DateHit): Span {
  return [result.index, result.index + result.text.length];
}

function hourWhenUnsaid(result: DateHit, tags: Set<string>, period: DayPeriod | undefined): { hour: number; minute: number } {
  if (period !== undefined) return { hour: PERIOD_DEFAULT_HOUR[period], minute: 0 };
  for (const [tag, hour] of Object.entries(CASUAL_HOURS)) if (tags.has(tag)) return { hour, minute: 0 };
  // "in 3 days" is a span from now, so it keeps the current time of day; "next week" is a date.
  if (tags.has('result/relativeDate') && /^(?:in|within|after)\b|\b(?:from now|later)$/i.test(result.text.trim())) {
    return { hour: result.start.get('hour') ?? DEFAULT_HOUR, minute: result.start.get('minute') ?? 0 };
  }
  return { hour: DEFAULT_HOUR, minute: 0 };
}

const says = (r: DateHit, c: chrono.Component): boolean => r.start.isCertain(c);
const hasDay = namesADate;

/**
 * The time and the date of a request can sit apart ("on friday call mom at 9"), where chrono returns two
 * results. The one with a clock time leads; a date-only result elsewhere supplies its day.
 */
function pickResults(results: DateHit[]): { time: DateHit; date: DateHit } | undefined {
  const timed = results.find((r) => says(r, 'hour'));
  if (timed && !hasDay(timed) && !timed.tags().has('result/relativeDateAndTime')) {
    const dated = results.find((r) => r !== timed && hasDay(r) && !says(r, 'hour') && !r.tags().has('result/relativeDateAndTime'));
    if (dated) return { time: timed, date: dated };
  }
  const only = timed ?? results[0];
  return only ? { time: only, date: only } : undefined;
}

/**
 * The one-time reading of `text` in zone `tz`, or undefined when it holds no date or time.
 *
 * chrono-node ignores IANA zones in its reference, so it is given `tz`'s offset at `now` (which makes its
 * "today", "tomorrow" and forward-dating right for that zone) and we take the wall-clock fields it found
 * and convert them ourselves with the offset in force on the target date — otherwise a date across a DST
 * change would be an hour off. Spans of time ("in 2 hours") are exact durations and are used as instants.
 *
 * A detached period ("in the morning", "at night") is read here, not by chrono: chrono takes "3 in the
 * morning" out of "december 3 in the morning" as 03:00 and leaves "in the" in the text otherwise.
 */
export function parseOnce(text: string, tz: string, now: Date): OnceParse | ParseFailure | undefined {
  const periodMatch = DETACHED_PERIOD_ANY_CASE.exec(text);
  const period = periodMatch ? (periodMatch[1] as DayPeriod) : undefined;
  const periodSpan: Span[] = periodMatch ? [[periodMatch.index, periodMatch.index + periodMatch[0].length]] : [];
  // Blank the period out (same length, so indexes still match `text`) before chrono reads the rest.
  const masked = periodMatch ? text.slice(0, periodMatch.index) + ' '.repeat(periodMatch[0].length) + text.slice(periodMatch.index + periodMatch[0].length) : text;

  const reference = { instant: now, timezone: zoneOffsetMinutes(now, tz) };
  const picked = pickResults(readDates(masked, reference));
  if (!picked && period === undefined) return undefined;

  let dueAt: Date;
  let spans: Span[];
  const notes: string[] = [];
  let otherHalf: OnceParse['otherHalf'];
  if (!picked) {
    // Only a period ("in the evening call mom"): its default hour, today or else tomorrow.
    const hour = PERIOD_DEFAULT_HOUR[period ?? 'morning'];
    const today = localDatePlusDays(now, tz, 0);
    dueAt = zonedWallTimeToUtc(today.year, today.month, today.day, hour, 0, tz);
    if (dueAt.getTime() <= now.getTime()) dueAt = zonedWallTimeToUtc(today.year, today.month, today.day + 1, hour, 0, tz);
    spans = periodSpan;
  } else {
    const { time, date } = picked;
    spans = [...new Set([time, date])].map(spanOf).concat(periodSpan);
    if (time.tags().has('result/relativeDateAndTime')) {
      dueAt = time.start.date();
    } else {
      const { hour, minute } = says(time, 'hour')
        ? {
            hour: says(time, 'meridiem') ? (time.start.get('hour') ?? 0) : hourInPeriod(time.start.get('hour') ?? 0, period),
            minute: time.start.get('minute') ?? 0,
          }
        : hourWhenUnsaid(time, time.tags(), period);
      const d = date.start;
      if (date.tags().has(BARE_DAY_TAG)) {
        // "on the 3rd": the next month that has that day and where that moment is still ahead.
        dueAt = nextDayOfMonth(d.get('day') ?? 1, hour, minute, tz, now);
      } else if (!hasDay(date)) {
        // A bare time: today in the chat's zone (chrono may already have moved it to tomorrow, before we
        // applied "in the evening"), and tomorrow when that has passed.
        const today = localDatePlusDays(now, tz, 0);
        dueAt = zonedWallTimeToUtc(today.year, today.month, today.day, hour, minute, tz);
        if (dueAt.getTime() <= now.getTime()) dueAt = zonedWallTimeToUtc(today.year, today.month, today.day + 1, hour, minute, tz);
        const twelveHour = twelveHourReading(time, hour, minute, period, tz, now);
        if (twelveHour) {
          dueAt = twelveHour.dueAt;
          notes.push(twelveHour.note);
          otherHalf = { span: spanOf(time), written: time.text, time: twelveHour.otherTime };
        }
      } else {
        const [year, month, day] = [d.get('year') ?? 0, d.get('month') ?? 1, d.get('day') ?? 1];
        dueAt = zonedWallTimeToUtc(year, month, day, hour, minute, tz);
        // Forward dates only: a weekday already gone today means next week.
        if (dueAt.getTime() <= now.getTime() && !says(date, 'day')) dueAt = zonedWallTimeToUtc(year, month, day + 7, hour, minute, tz);
        // "february 29 at 10" at 11:00 on a 29 February: the next one, as chrono does for other yearless dates.
        if (dueAt.getTime() <= now.getTime() && date.tags().has(LEAP_DAY_TAG)) dueAt = zonedWallTimeToUtc(nextLeapYear(year), 2, 29, hour, minute, tz);
      }
    }
  }
  if (dueAt.getTime() <= now.getTime()) {
    return fail('past', `${formatInstant(dueAt, tz, now)} has already passed (it's ${formatInstant(now, tz)} in ${tz}). Reminders need a time in the future.`);
  }
  if (dueAt.getTime() > latestAllowed(now)) {
    return fail('too_far', `${formatInstant(dueAt, tz, now)} is more than 5 years away. Pick a time within the next 5 years.`);
  }
  return { dueAt, spans, ...(notes.length > 0 ? { notes } : {}), ...(otherHalf ? { otherHalf } : {}) };
}


/**
 * "at 5" with no am/pm, day or day part: the next 5 o'clock, 05:00 or 17:00, whichever comes first — and
 * the confirmation says which it took. "at 05:00" (a leading zero) and hours from 12 on are 24-hour times.
 * A time written with minutes ("9:15", "9.15") in a zone that writes the 24-hour clock is a 24-hour time
 * too: 09:15 today, or tomorrow when that has passed (see `clock-habit.ts`). Either way the confirmation
 * names the other half of the day, which one tap picks.
 */
function twelveHourReading(time: DateHit, hour: number, minute: number, period: DayPeriod | undefined, tz: string, now: Date): { dueAt: Date; note: string; otherTime: string } | undefined {
  if (period !== undefined || !says(time, 'hour') || says(time, 'meridiem') || hour < 1 || hour > 11) return undefined;
  if (ZERO_LED.test(time.text) || time.tags().has('casualReference/tonight')) return undefined;
  const today = localDatePlusDays(now, tz, 0);
  const twentyFourHour = /\d[:.]\d{2}/.test(time.text) && !writesTwelveHourClock(tz);
  const candidates = [0, 1].flatMap((d) => (twentyFourHour ? [hour] : [hour, hour + 12]).map((h) => zonedWallTimeToUtc(today.year, today.month, today.day + d, h, minute, tz)))
    .filter((at) => at.getTime() > now.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  const dueAt = candidates[0];
  if (!dueAt) return undefined;
  const said = `${hour}${minute === 0 ? '' : `:${pad2(minute)}`}`;
  const chosen = wallTimeOf(dueAt, tz).hour;
  const morning = chosen < 12;
  const other = `${pad2(morning ? chosen + 12 : chosen - 12)}:${pad2(minute)}`;
  return {
    dueAt,
    // Written with two digits and minutes, so the re-read takes it as a 24-hour time.
    otherTime: other,
    note: twentyFourHour
      ? `I took "${said}" as ${pad2(chosen)}:${pad2(minute)} (24-hour clock, as usual in ${tz}); write ${other} for the evening one.`
      : `I took "${said}" as ${pad2(chosen)}:${pad2(minute)}, the next ${said} o'clock; write ${said}${morning ? 'pm' : 'am'} for the ${morning ? 'evening' : 'morning'} one.`,
  };
}
