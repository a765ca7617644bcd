import type { RecurringSchedule } from '../../schema/index.ts';
import { ruleHalfDayNote, ruleOtherHalf, type OtherHalf } from './bare-hour.ts';
import { BARE_DAY_TAG, namesADate, nextDayOfMonth, readDates } from './date-reader.ts';
import { formatInstant } from './format.ts';
import { nextOccurrence } from './next-occurrence.ts';
import { fail, latestAllowed, type ParseFailure } from './parse-result.ts';
import type { PhraseScanner } from './phrase-scanner.ts';
import { takeHourWindow, takeRecurrence } from './recurrence.ts';
import { dtstartFor, ruleFor } from './rule-builder.ts';
import { formatRule } from './rule.ts';
import { DETACHED_PERIOD, hourInPeriod, PERIOD_DEFAULT_HOUR, takeTimeOfDay, type DayPeriod, type TimeOfDay } from './time-of-day.ts';
import { numberOf, NUMBER_WORD_SRC } from './vocabulary.ts';
import { wallTimeOf, zonedWallTimeToUtc, zoneOffsetMinutes } from './zoned-time.ts';

export interface RecurringParse {
  schedule: RecurringSchedule;
  dueAt: Date;
  /** What was assumed ("at 5" as 05:00 every time), for the confirmation. */
  notes?: string[];
  /** The rule's one hour without am/pm, and the other half of the day for it ("every day at 5" → "17:00"). */
  otherHalf?: OtherHalf;
}

const UNTIL = /\b(?:until|till|til|untill|through|thru|ending(?:\s+on)?)\s+/;
const COUNT = new RegExp(`\\b(?:for\\s+)?(\\d+|${NUMBER_WORD_SRC})\\s+(?:times|occurrences)\\b(?!\\s+(?:a|per|each|every)\\s+(?:day|week))`);
const FOR_SPAN = new RegExp(`\\bfor\\s+(?:the\\s+)?(?:next\\s+)?(\\d+|${NUMBER_WORD_SRC})\\s+(days?|weeks?|months?|years?)\\b`);

/** "until friday", "till december 31", "through 2027-01-31": the last instant an occurrence may fall on. */
function takeUntil(scanner: PhraseScanner, tz: string, now: Date): Date | ParseFailure | undefined {
  const m = scanner.find(UNTIL);
  if (!m) return undefined;
  const from = m.index + m[0].length;
  // Only up to the next phrase already read, so the end date cannot swallow it.
  const rest = scanner.lower.slice(from).split('\u0001')[0] ?? '';
  const reference = { instant: now, timezone: zoneOffsetMinutes(now, tz) };
  // "until the 15th": a bare day of the month is only read after "on"/"by" (see date-reader), so say it.
  const bareDay = /^\s*the\s+\d/.test(rest);
  const shift = bareDay ? 3 : 0;
  const [hit] = readDates(bareDay ? `by ${rest}` : rest, reference);
  if (!hit || rest.slice(0, Math.max(0, hit.index - shift)).trim() !== '') {
    return fail('no_time', `I couldn't read the end date after "${m[0].trim()}". Try "until december 31", "until friday" or "until the 15th".`);
  }
  scanner.consume(m.index, from + hit.index + hit.text.length - shift);
  const c = hit.start;
  let [year, month, day] = [c.get('year') ?? 0, c.get('month') ?? 1, c.get('day') ?? 1];
  if (hit.tags().has(BARE_DAY_TAG)) {
    // "until the 15th": the next 15th whose end is still ahead.
    const w = wallTimeOf(nextDayOfMonth(day, 23, 59, tz, now), tz);
    [year, month, day] = [w.year, w.month, w.day];
  }
  // "until friday" includes Friday: the end of that local day unless a time was given.
  if (c.isCertain('hour')) return zonedWallTimeToUtc(year, month, day, c.get('hour') ?? 0, c.get('minute') ?? 0, tz);
  return new Date(zonedWallTimeToUtc(year, month, day + 1, 0, 0, tz).getTime() - 1);
}

/** "5 times", "for 3 times"; or "for 2 weeks", which becomes an end instant. */
function takeLimit(scanner: PhraseScanner, tz: string, now: Date): { maxCount?: number; until?: Date } | ParseFailure {
  const count = scanner.take(COUNT);
  if (count) {
    const n = numberOf(count[1]);
    if (n === undefined || n < 1) return fail('no_time', 'A repeating reminder needs to fire at least once.');
    return { maxCount: n };
  }
  const span = scanner.take(FOR_SPAN);
  if (span) {
    const n = numberOf(span[1]) ?? 1;
    const unit = span[2] ?? 'day';
    const w = wallTimeOf(now, tz);
    const [dy, dm, dd] = unit.startsWith('y') ? [n, 0, 0] : unit.startsWith('m') ? [0, n, 0] : [0, 0, unit.startsWith('w') ? 7 * n : n];
    return { until: zonedWallTimeToUtc(w.year + dy, w.month + dm, w.day + dd, w.hour, w.minute, tz) };
  }
  return {};
}

/** "starting january 1", "from december 7", "beginning monday": the first day the repeat may fire. */
const START = /\b(?:starting|beginning|from|as\s+of|effective)\s+(?:on\s+|from\s+)?/;

function takeStart(scanner: PhraseScanner, tz: string, now: Date): Date | ParseFailure | undefined {
  const m = scanner.find(START);
  if (!m) return undefined;
  const from = m.index + m[0].length;
  const rest = scanner.lower.slice(from).split('\u0001')[0] ?? '';
  const reference = { instant: now, timezone: zoneOffsetMinutes(now, tz) };
  const [hit] = readDates(rest, reference);
  // "from 9 to 17" is a window of hours, read elsewhere: only a phrase that names a day is a start.
  if (!hit || !namesADate(hit) || rest.slice(0, hit.index).trim() !== '') return undefined;
  scanner.consume(m.index, from + hit.index + hit.text.length);
  const c = hit.start;
  let [year, month, day] = [c.get('year') ?? 0, c.get('month') ?? 1, c.get('day') ?? 1];
  if (hit.tags().has(BARE_DAY_TAG)) {
    const w = wallTimeOf(nextDayOfMonth(day, 0, 0, tz, now), tz);
    [year, month, day] = [w.year, w.month, w.day];
  }
  return zonedWallTimeToUtc(year, month, day, c.isCertain('hour') ? (c.get('hour') ?? 0) : 0, c.isCertain('hour') ? (c.get('minute') ?? 0) : 0, tz);
}

/** "and 20", ", 14:00 and 18:30": more times right after the first one ("every day at 8 and 20"). */
const MORE_TIME = /^[ \t]*(?:,|and|&|\+)[ \t]*(?:at[ \t]+)?(\d{1,2})(?:[:.h](\d{2}))?[ \t]*(am|pm|a\.m\.|p\.m\.)?(?![\w:]|\.\d)(?![ \t]*(?:minutes?|mins?|hours?|hrs?|times?|days?|weeks?|months?|years?)\b)/;

function takeMoreTimes(scanner: PhraseScanner, first: TimeOfDay, period: DayPeriod | undefined): TimeOfDay[] | ParseFailure {
  const times = [first];
  for (;;) {
    const end = scanner.spans.at(-1)?.[1] ?? 0;
    const m = MORE_TIME.exec(scanner.lower.slice(end));
    if (!m) return times;
    scanner.consume(end, end + m[0].length);
    let hour = Number(m[1]);
    const minute = Number(m[2] ?? 0);
    const suffix = m[3];
    if (hour > 24 || minute > 59 || (suffix !== undefined && (hour === 0 || hour > 12))) {
      return fail('impossible_date', `"${m[0].trim()}" isn't a time of day. Use times like 18:30 or 6:30pm.`);
    }
    if (suffix?.startsWith('p') && hour < 12) hour += 12;
    else if (suffix?.startsWith('a') && hour === 12) hour = 0;
    else if (suffix === undefined) hour = hourInPeriod(hour % 24, period);
    times.push({ hour: hour % 24, minute });
  }
}

/**
 * The recurring reading of a request, or undefined when nothing in it repeats. Consumes the phrases it used
 * from `scanner`, so what is left is the reminder text.
 */
export function parseRecurring(scanner: PhraseScanner, tz: string, now: Date): RecurringParse | ParseFailure | undefined {
  const until = takeUntil(scanner, tz, now);
  if (until !== undefined && 'ok' in until) return until;
  const limit = takeLimit(scanner, tz, now);
  if ('ok' in limit) return limit;
  const reference = { instant: now, timezone: zoneOffsetMinutes(now, tz) };
  // The period is blanked out as parseOnce does, so "december 3 in the morning" still names a day.
  const namesADay = (text: string): boolean => readDates(text.replace(DETACHED_PERIOD, (p) => ' '.repeat(p.length)), reference).some(namesADate);
  const recurrence = takeRecurrence(scanner, namesADay);
  if (recurrence === undefined) {
    // "3 times" or "until friday" without "every …" is part of a one-time reminder's text.
    return undefined;
  }
  if ('ok' in recurrence) return recurrence;

  const start = takeStart(scanner, tz, now);
  if (start !== undefined && 'ok' in start) return start;

  let times: TimeOfDay[] = [{ hour: recurrence.period ? PERIOD_DEFAULT_HOUR[recurrence.period] : 9, minute: 0 }];
  let window: { from: number; to: number } | undefined;
  let otherHalf: OtherHalf | undefined;
  if (recurrence.frequency) {
    const w = takeHourWindow(scanner);
    if (w !== undefined && 'ok' in w) return w;
    window = w;
    const stray = takeTimeOfDay(scanner);
    if (stray !== undefined) {
      return fail('no_time', 'I can\'t combine a repeat like "every 2 hours" with a time of day. ' +
        'Try "every 2 hours from 8 to 20", "every 2 hours starting tomorrow" or "every day at 9".');
    }
  } else {
    const firstSpan = scanner.spans.length;
    const t = takeTimeOfDay(scanner, recurrence.period);
    if (t !== undefined && 'ok' in t) return t;
    if (t !== undefined) {
      const more = takeMoreTimes(scanner, t, recurrence.period);
      if ('ok' in more) return more;
      times = more;
      // A day part ("every evening at 5") already chose the half of the day.
      if (recurrence.period === undefined) otherHalf = halfOfDayOpen(scanner, firstSpan, times, tz);
    }
  }
  if (recurrence.timesPerDay !== undefined && times.length !== recurrence.timesPerDay) {
    return fail('no_time', `You asked for ${recurrence.timesPerDay} times a day; tell me which, e.g. "twice a day at 8 and 20".`);
  }

  const rule = ruleFor(recurrence, times, window, tz, now);
  if ('ok' in rule) return rule;
  const endAt = [until, limit.until].filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0];
  const dtstart = dtstartFor(rule, tz, now, start);
  const rrule = formatRule(rule);
  if (dtstart === null) return fail('no_time', 'That repeat never comes round. Try "every day at 9" or "every month on the 15th".');
  const schedule: RecurringSchedule = {
    kind: 'recurring',
    rrule,
    dtstart,
    tz,
    ...(endAt ? { until: endAt.toISOString() } : {}),
    ...(limit.maxCount !== undefined ? { maxCount: limit.maxCount } : {}),
  };
  const dueAt = nextOccurrence(schedule, now, 0);
  if (dueAt === null) {
    if (endAt && endAt.getTime() <= now.getTime()) {
      return fail('past', `The end date (${formatInstant(endAt, tz, now)}) has already passed.`);
    }
    const { until: _ignored, ...unbounded } = schedule;
    const first = nextOccurrence(unbounded, now, 0);
    const firstWords = first === null ? 'The first reminder' : `The first reminder (${formatInstant(first, tz, now)})`;
    const endWords = endAt ? `the end date (${formatInstant(endAt, tz, now)})` : 'the end date';
    return fail('past', `${firstWords} would come after ${endWords}, so it would never fire. Pick a later end date or leave it out.`);
  }
  if (dueAt.getTime() > latestAllowed(now)) {
    return fail('too_far', `The first reminder would be ${formatInstant(dueAt, tz, now)}, more than 5 years away.`);
  }
  const note = otherHalf ? ruleHalfDayNote(otherHalf.written, tz) : undefined;
  return { schedule, dueAt, ...(note ? { notes: [note] } : {}), ...(otherHalf ? { otherHalf } : {}) };
}

/**
 * "every day at 5": the hour stays as written (05:00, as rules always were read), and 17:00 is the other reading.
 * The times' spans are the ones consumed from `firstSpan` on, one per time, in the order of `times`.
 */
function halfOfDayOpen(scanner: PhraseScanner, firstSpan: number, times: TimeOfDay[], tz: string): OtherHalf | undefined {
  const spans = scanner.spans.slice(firstSpan);
  if (spans.length !== times.length) return undefined;
  const written = spans.map((span, i) => ({ span, written: scanner.text.slice(span[0], span[1]), hour: times[i]?.hour ?? -1 }));
  return ruleOtherHalf(written, tz);
}
