import { fail, type ParseFailure } from './parse-result.ts';
import { isLeapYear, maxDaysIn, MONTH_NAMES, MONTH_SRC, monthOf, ORDINAL_SUFFIX_SRC } from './vocabulary.ts';

// "february 30", "feb 30th 2027", "the 31st of april", "30 february"; a weekday in front is allowed.
const MONTH_DAY = new RegExp(`\\b(${MONTH_SRC})\\.?\\s+(\\d{1,2})${ORDINAL_SUFFIX_SRC}?\\b(?:,?\\s+(\\d{4})\\b)?`, 'g');
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})${ORDINAL_SUFFIX_SRC}?\\s+(?:of\\s+)?(${MONTH_SRC})\\b\\.?(?:,?\\s+(\\d{4})\\b)?`, 'g');
// A dot only counts after "at": "3.75" in "buy milk for 3.75" is a price.
const CLOCK = /\b(?:at\s+(\d{1,2})[:.](\d{2})|(\d{1,2}):(\d{2}))\b/g;
const TWELVE_HOUR = /\b(\d{1,2})(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)/g;

/**
 * A date or time of day that cannot exist ("february 30", "april 31", "february 29 2027", "25:00"),
 * which chrono would otherwise silently skip and leave us reporting "no time found".
 */
export function findImpossibleDate(lower: string): ParseFailure | undefined {
  for (const m of lower.matchAll(MONTH_DAY)) {
    const problem = check(monthOf(m[1] ?? ''), Number(m[2]), m[3]);
    if (problem) return problem;
  }
  for (const m of lower.matchAll(DAY_MONTH)) {
    const problem = check(monthOf(m[2] ?? ''), Number(m[1]), m[3]);
    if (problem) return problem;
  }
  for (const m of lower.matchAll(CLOCK)) {
    const [h = '', min = ''] = m[1] !== undefined ? [m[1], m[2]] : [m[3], m[4]];
    const hour = Number(h);
    const minute = Number(min);
    if (hour > 24 || minute > 59 || (hour === 24 && minute > 0)) {
      return fail('impossible_date', `${h}:${min} isn't a time of day. Use 24-hour times like 18:30, or 6:30pm.`);
    }
  }
  for (const m of lower.matchAll(TWELVE_HOUR)) {
    const hour = Number(m[1]);
    if (hour === 0 || hour > 12) {
      return fail('impossible_date', `"${m[0].trim()}" isn't a time of day: with am/pm the hour goes from 1 to 12.`);
    }
  }
  return undefined;
}

function check(month: number, day: number, year: string | undefined): ParseFailure | undefined {
  const name = MONTH_NAMES[month - 1] ?? 'That month';
  if (day < 1) return fail('impossible_date', `${name} has no day ${day}.`);
  if (day > maxDaysIn(month)) return fail('impossible_date', `There is no ${name} ${day}: ${whyNoSuchDay(month, day)}.`);
  if (month === 2 && day === 29 && year !== undefined && !isLeapYear(Number(year))) {
    return fail('impossible_date', `${year} is not a leap year, so there is no February 29 that year.`);
  }
  return undefined;
}

/**
 * Why day `day` of `month` never exists, for a day past the month's longest: "February never has 30 days"
 * (not "has only 29", which reads as if it usually had 29), "April has only 30 days".
 */
export function whyNoSuchDay(month: number, day: number): string {
  const name = MONTH_NAMES[month - 1] ?? 'That month';
  return month === 2 ? `${name} never has ${day} days` : `${name} has only ${maxDaysIn(month)} days`;
}
