import type { RecurringSchedule } from '../../schema/index.ts';
import { BARE_DAY_TAG, namesADate, nextDayOfMonth, readDates } from './date-reader.ts';
import { formatInstant } from './format.ts';
import { nextOccurrence } from './next-occurrence.ts';
import { fail, latestAllowed, type ParseFailure } from './parse-result.ts';
import type { PhraseScanner } from './phrase-scanner.ts';
import { takeHourWindow, takeRecurrence, type Recurrence } from './recurrence.ts';
import { DETACHED_PERIOD, PERIOD_DEFAULT_HOUR, takeTimeOfDay, type TimeOfDay } from './time-of-day.ts';
import { numberOf, NUMBER_WORD_SRC } from './vocabulary.ts';
import { wallTimeOf, zonedWallTimeToUtc, zoneOffsetMinutes } from './zoned-time.ts';

export interface RecurringParse {
  schedule: RecurringSchedule;
  dueAt: Date;
}

const UNTIL = /\b(?:until|till|til|untill|through|thru|ending(?:\s+on)?)\s+/;
const COUNT = new RegExp(`\\b(?:for\\s+)?(\\d+|${NUMBER_WORD_SRC})\\s+(?:times|occurrences)\\b`);
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

function cronFor(recurrence: Recurrence, time: TimeOfDay, window: { from: number; to: number } | undefined, tz: string, now: Date): string {
  const local = wallTimeOf(now, tz);
  const { days, frequency } = recurrence;
  let dom = '*';
  let month = '*';
  let dow = '*';
  switch (days.kind) {
    case 'daily':
      break;
    case 'weekly':
      dow = (days.weekdays ?? [local.weekday]).join(',');
      if (dow === '1,2,3,4,5') dow = '1-5';
      break;
    case 'monthly':
      if (days.nthWeekday) dow = `${days.nthWeekday.weekday}${days.nthWeekday.nth === 'L' ? 'L' : `#${days.nthWeekday.nth}`}`;
      // "every month" on the 31st would skip short months; from the 29th on it means the month's end.
      else dom = String(days.dayOfMonth ?? (local.day > 28 ? 'L' : local.day));
      break;
    case 'yearly':
      dom = String(days.day ?? local.day);
      month = String(days.month ?? local.month);
      break;
  }
  if (frequency?.unit === 'minute') {
    const minute = frequency.step === 1 ? '*' : `*/${frequency.step}`;
    const hours = window ? `${window.from}-${window.to - 1}` : '*';
    return `${minute} ${hours} ${dom} ${month} ${dow}`;
  }
  if (frequency?.unit === 'hour') {
    const hours = window
      ? `${window.from}-${window.to}${frequency.step === 1 ? '' : `/${frequency.step}`}`
      : frequency.step === 1 ? '*' : `*/${frequency.step}`;
    return `0 ${hours} ${dom} ${month} ${dow}`;
  }
  return `${time.minute} ${time.hour} ${dom} ${month} ${dow}`;
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

  let time: TimeOfDay = { hour: recurrence.period ? PERIOD_DEFAULT_HOUR[recurrence.period] : 9, minute: 0 };
  let window: { from: number; to: number } | undefined;
  if (recurrence.frequency) {
    const w = takeHourWindow(scanner);
    if (w !== undefined && 'ok' in w) return w;
    window = w;
    const stray = takeTimeOfDay(scanner);
    if (stray !== undefined) {
      return fail('no_time', 'I can\'t combine a repeat like "every 2 hours" with a time of day yet. ' +
        'Try "every 2 hours between 8 and 20" or "every day at 9".');
    }
  } else {
    const t = takeTimeOfDay(scanner, recurrence.period);
    if (t !== undefined && 'ok' in t) return t;
    if (t !== undefined) time = t;
  }

  const endAt = [until, limit.until].filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0];
  const schedule: RecurringSchedule = {
    kind: 'recurring',
    cron: cronFor(recurrence, time, window, tz, now),
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
  return { schedule, dueAt };
}
