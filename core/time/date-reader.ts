import * as chrono from 'chrono-node';
import { isLeapYear, MONTH_SRC, ORDINAL_SUFFIX_SRC } from './vocabulary.ts';
import { localDatePlusDays, zonedWallTimeToUtc } from './zoned-time.ts';

/**
 * "on the 3rd", "by the 15th": a day of the month with the month left unsaid. chrono reads "the 3rd of
 * december" but not a bare ordinal day, which people use for bills and rent. The day is certain and the
 * month stays implied, so the caller picks the next month that has that day in the chat's zone. "on"/"by" is
 * required so that "for the 2nd time" stays text.
 */
const BARE_DAY_OF_MONTH = new RegExp(
  `\\b(?:on|by)\\s+the\\s+(\\d{1,2})(?:st|nd|rd|th)\\b(?!\\s+(?:day\\s+)?(?:of\\s+|in\\s+)?(?:${MONTH_SRC}|each\\b|every\\b|the\\s+month|month))`,
  'i',
);

/** Tag on results of the bare day-of-month parser, whose month the caller must choose. */
export const BARE_DAY_TAG = 'nudge/bareDayOfMonth';

const reader = chrono.casual.clone();
reader.parsers.push({
  pattern: () => BARE_DAY_OF_MONTH,
  extract: (context, match) => {
    const day = Number(match[1]);
    if (day < 1 || day > 31) return null;
    // Imply a month with 31 days so chrono's own validity check keeps "the 31st" in a 30-day month.
    return context.createParsingComponents({ day }).imply('month', 12).addTag(BARE_DAY_TAG);
  },
});

/**
 * "february 29", "feb 29th", "the 29th of february" with no year. chrono dates a yearless day to the year
 * nearest the reference, and drops it when that year has no February 29 (so "on february 29 at 10" read
 * as "no time found"), or rolls a past one into a non-leap year. The day is certain, the year is not: it
 * is the next February 29 that is still today or ahead in the chat's zone.
 */
const LEAP_DAY = new RegExp(
  `\\b(?:feb(?:ruary)?\\.?\\s+(?:the\\s+)?29${ORDINAL_SUFFIX_SRC}?|(?:the\\s+)?29${ORDINAL_SUFFIX_SRC}?\\s+(?:of\\s+)?feb(?:ruary)?\\b\\.?)(?![\\w])(?!,?\\s+\\d{4}\\b)`,
  'i',
);

/** Tag on leap-day results, whose year we chose. */
export const LEAP_DAY_TAG = 'nudge/leapDay';

// First in line: where chrono also reads the same words (in a leap year), an equal-length overlap keeps ours.
reader.parsers.unshift({
  pattern: () => LEAP_DAY,
  extract: (context) => {
    const components = context.createParsingComponents();
    // Implied from the reference, in the chat zone's offset: today's local date.
    const [year, month, day] = [components.get('year') ?? 0, components.get('month') ?? 1, components.get('day') ?? 1];
    let leapYear = month < 2 || (month === 2 && day <= 29) ? year : year + 1;
    while (!isLeapYear(leapYear)) leapYear++;
    return components.assign('year', leapYear).assign('month', 2).assign('day', 29).addTag(LEAP_DAY_TAG);
  },
});

/** "@ 9", "@9:30pm": chat shorthand for "at", which chrono does not read. */
const AT_SIGN_TIME = /(?<![\w.])@\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?(?![\w:])/i;

reader.parsers.push({
  pattern: () => AT_SIGN_TIME,
  extract: (context, match) => {
    const [hour, minute] = [Number(match[1]), Number(match[2] ?? 0)];
    const meridiem = match[3]?.toLowerCase();
    if (minute > 59 || hour > 24 || (meridiem !== undefined && (hour === 0 || hour > 12))) return null;
    const components = context.createParsingComponents({ hour: meridiem === undefined ? hour % 24 : hour % 12, minute });
    if (meridiem === 'pm') components.assign('hour', (hour % 12) + 12).assign('meridiem', 1);
    else if (meridiem === 'am') components.assign('meridiem', 0);
    return components;
  },
});

/** A date or time phrase found in a text: where it is and what it says. */
export interface DateHit {
  index: number;
  text: string;
  start: chrono.ParsedComponents;
  tags(): Set<string>;
}

/** Where a chrono range splits ("december 31 to friday", "9 - 5"). */
const RANGE_CONNECTOR = /\s*(?:\s(?:to|until|till|through|thru)\s|[-–—~])\s*/i;

/**
 * chrono's English reader plus the phrases we add to it; `reference.timezone` is the chat zone's offset at
 * `reference.instant` in minutes (chrono does not take IANA names).
 *
 * A reminder is a moment, not a range: chrono reads "at 9 until december 31" or "december 31 to friday prep"
 * as ranges (dating the start back a year when the end comes first), so each side of a range is read on its
 * own, in place, and the connector is left as text.
 */
export function readDates(text: string, reference: { instant: Date; timezone: number }): DateHit[] {
  return reader.parse(text, reference, { forwardDate: true }).flatMap((result): DateHit[] => {
    // Trailing blanks are not part of the phrase (chrono keeps some after a blanked-out range end).
    const hit: DateHit = { index: result.index, text: result.text.trimEnd(), start: result.start, tags: () => result.tags() };
    if (result.end === null) return [hit];
    const connector = RANGE_CONNECTOR.exec(result.text);
    if (connector === null || connector.index === 0) return [hit];
    const headEnd = result.index + connector.index;
    const tailStart = headEnd + connector[0].length;
    const rangeEnd = result.index + result.text.length;
    const within = (from: number, to: number) => (r: DateHit): boolean => r.index >= from && r.index + r.text.length <= to;
    // Blanking keeps every index where it was in `text`.
    const head = readDates(text.slice(0, headEnd) + ' '.repeat(text.length - headEnd), reference).filter(within(result.index, headEnd));
    const tail = readDates(' '.repeat(tailStart) + text.slice(tailStart), reference).filter(within(tailStart, rangeEnd));
    return [...head, ...tail];
  });
}

/** Whether a result names a date at all ("friday", "december 3", "next week", "in 6 years"), not just a time of day. */
export function namesADate(result: DateHit): boolean {
  return (['day', 'weekday', 'month', 'year'] as const).some((c) => result.start.isCertain(c));
}

/** The first instant after `now` on day `day` of a month, from this month on (skipping months without it). */
export function nextDayOfMonth(day: number, hour: number, minute: number, tz: string, now: Date): Date {
  const today = localDatePlusDays(now, tz, 0);
  for (let ahead = 0; ; ahead++) {
    const first = new Date(Date.UTC(today.year, today.month - 1 + ahead, 1));
    const [year, month] = [first.getUTCFullYear(), first.getUTCMonth() + 1];
    if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) continue;
    const at = zonedWallTimeToUtc(year, month, day, hour, minute, tz);
    if (at.getTime() > now.getTime()) return at;
  }
}
