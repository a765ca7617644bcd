import { whyNoSuchDay } from './impossible-date.ts';
import { fail, type ParseFailure } from './parse-result.ts';
import type { PhraseScanner } from './phrase-scanner.ts';
import { takeDayPeriod, type DayPeriod } from './time-of-day.ts';
import { tooFrequent, unevenInterval, unsupportedCalendarRepeat } from './unsupported-repeat.ts';
import { DAY_SRC, maxDaysIn, MONTH_NAMES, MONTH_SRC, monthOf, NUMBER_WORD_SRC, numberOf, ORDINAL_SUFFIX_SRC, weekdayOf } from './vocabulary.ts';

/** Which days a recurring reminder falls on; `undefined` parts default to `now`'s (weekday, day, date). */
export type DayRule =
  | { kind: 'daily' }
  | { kind: 'weekly'; weekdays?: number[] }
  | { kind: 'monthly'; dayOfMonth?: number | 'L'; nthWeekday?: { weekday: number; nth: number | 'L' } }
  | { kind: 'yearly'; month?: number; day?: number };

/** A sub-daily repetition expressed as a cron step (see {@link takeRecurrence} for what steps mean). */
export interface Frequency {
  unit: 'minute' | 'hour';
  step: number;
}

export interface Recurrence {
  days: DayRule;
  frequency?: Frequency;
  period?: DayPeriod;
}

const ORD = ORDINAL_SUFFIX_SRC;
const NTH_SRC = 'first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th';
const DAY_LIST_TAIL = `((?:\\s*(?:,|and|&|\\+|\\/|or)\\s*(?:and\\s+)?(?:on\\s+)?(?:every\\s+)?(?:${DAY_SRC})s?\\b)*)`;
const OF_MONTH = '(?:\\s+(?:day\\s+)?(?:of|in)\\s+(?:the|each|every|a)\\s+month)';
const FULL_DAY_PLURAL = '(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)';

const P = {
  nthEvery: new RegExp(`\\b(?:every|each)\\s+(?:the\\s+)?(${NTH_SRC})\\s+(${DAY_SRC}|day)\\b${OF_MONTH}?`),
  nthOfEveryMonth: new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?(${NTH_SRC})\\s+(${DAY_SRC}|day)\\s+(?:of|in)\\s+(?:each|every)\\s+month\\b`),
  yearlyDate: new RegExp(
    `\\b(?:every|each)\\s+(?:year\\s+(?:on\\s+)?)?(?:the\\s+)?(?:(${MONTH_SRC})\\.?\\s+(\\d{1,2})${ORD}?|(\\d{1,2})${ORD}?\\s+(?:of\\s+)?(${MONTH_SRC}))\\b`,
  ),
  domEvery: new RegExp(`\\b(?:every|each)\\s+(?:month\\s+on\\s+)?(?:the\\s+)?(\\d{1,2})${ORD}\\b(?:\\s+day)?${OF_MONTH}?`),
  domOfEveryMonth: new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?(\\d{1,2})${ORD}?\\s+(?:day\\s+)?of\\s+(?:each|every)\\s+month\\b`),
  weekdays: /\b(?:(?:every|each)\s+(?:week\s?day|workday|work\s+day|business\s+day|working\s+day)s?|(?:on\s+)?(?:week\s?days|workdays|work\s+days|business\s+days|working\s+days))\b/,
  weekends: /\b(?:(?:every|each)\s+(?:weekend(?:\s+day)?s?)|(?:on\s+|at\s+)?(?:the\s+)?weekends)\b/,
  dayListEvery: new RegExp(`\\b(?:every|each)\\s+(${DAY_SRC})s?\\b${DAY_LIST_TAIL}`),
  dayListPlural: new RegExp(`\\b(?:on\\s+)?(${FULL_DAY_PLURAL})\\b${DAY_LIST_TAIL}`),
  unit: new RegExp(
    `\\b(?:every|each)\\s+(?:(\\d+|${NUMBER_WORD_SRC}|other|half(?:\\s+an?)?|quarter(?:\\s+of\\s+an?)?)\\s*)?` +
      '(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnight|months?|years?|m|h|s)\\b',
  ),
  dailyPeriod: /\b(?:every|each)\s+(morning|afternoon|evening|night)\b|\b(everyday|nightly)\b/,
  adverb: /\b(hourly|daily|weekly|fortnightly|biweekly|monthly|yearly|annually)\b/,
  // Secondary phrases, only meaningful once a primary one set the context.
  onDays: new RegExp(`\\b(?:on\\s+)(${DAY_SRC})s?\\b${DAY_LIST_TAIL}`),
  onDayOfMonth: new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?(\\d{1,2})${ORD}\\b|\\bon\\s+the\\s+(\\d{1,2})\\b`),
  onNth: new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?(${NTH_SRC})\\s+(${DAY_SRC}|day)\\b`),
  onDate: new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?(?:(${MONTH_SRC})\\.?\\s+(\\d{1,2})${ORD}?|(\\d{1,2})${ORD}?\\s+(?:of\\s+)?(${MONTH_SRC}))\\b`),
  window: /\b(?:between|from)\s+(\d{1,2})(?::00)?\s*(am|pm)?\s+(?:and|to|till|until|-)\s+(\d{1,2})(?::00)?\s*(am|pm)?\b/,
};

function nthOf(word: string): number | 'L' {
  if (word === 'last') return 'L';
  return ({ first: 1, second: 2, third: 3, fourth: 4, fifth: 5 } as Record<string, number>)[word] ?? Number(word[0]);
}

function weekdaysIn(phrase: string): number[] {
  const found = [...phrase.matchAll(new RegExp(`\\b(${DAY_SRC})s?\\b`, 'g'))].map((m) => weekdayOf(m[1] ?? ''));
  return [...new Set(found)].sort((a, b) => a - b);
}

function checkDate(month: number, day: number): ParseFailure | undefined {
  if (day >= 1 && day <= maxDaysIn(month)) return undefined;
  const name = MONTH_NAMES[month - 1] ?? 'That month';
  if (day < 1) return fail('impossible_date', `${name} has no day ${day}, so that can't repeat every year.`);
  return fail('impossible_date', `There is no ${name} ${day} (${whyNoSuchDay(month, day)}), so that can't repeat every year.`);
}

function checkDayOfMonth(day: number): ParseFailure | undefined {
  if (day >= 1 && day <= 31) return undefined;
  return fail('impossible_date', `No month has a day ${day}. Pick a day from 1 to 31, or "the last day of the month".`);
}

function nthRule(nthWord: string, dayWord: string): DayRule | ParseFailure {
  const nth = nthOf(nthWord);
  if (dayWord === 'day') {
    if (nth === 'L') return { kind: 'monthly', dayOfMonth: 'L' };
    return { kind: 'monthly', dayOfMonth: nth };
  }
  return { kind: 'monthly', nthWeekday: { weekday: weekdayOf(dayWord), nth } };
}

/**
 * Every N minutes/hours become cron steps (`*\/N`), which restart at each hour/day boundary: "every 30 minutes"
 * is :00 and :30 of every hour and "every 2 hours" is 00:00, 02:00, … local. Intervals that do not divide the
 * hour (7 or 45 minutes) or the day (5 hours) would drift against that boundary — "every 7 minutes" would fire
 * at :56 and then :00 — so they are refused with a suggestion instead of silently firing unevenly.
 */
function frequencyRule(amountWord: string | undefined, unitWord: string): Recurrence | ParseFailure {
  const unit = unitWord.replace(/s$/, '');
  if (amountWord === 'other' || unit === 'fortnight') {
    return unsupportedCalendarRepeat(UNIT_PHRASE(amountWord, unitWord));
  }
  let amount: number | undefined;
  if (amountWord === undefined) amount = 1;
  else if (amountWord.startsWith('half')) amount = 0.5;
  else if (amountWord.startsWith('quarter')) amount = 0.25;
  else amount = numberOf(amountWord);
  if (amount === undefined) return fail('no_time', `I didn't understand "${UNIT_PHRASE(amountWord, unitWord)}". Try "every 2 hours" or "every day at 9".`);
  let minutes: number | undefined;
  if (unit === 's' || unit.startsWith('sec')) minutes = amount / 60;
  else if (unit === 'm' || unit.startsWith('min')) minutes = amount;
  else if (unit === 'h' || unit.startsWith('h')) minutes = amount * 60;
  if (minutes !== undefined) {
    if (minutes < 1) return tooFrequent(UNIT_PHRASE(amountWord, unitWord));
    if (minutes < 60 && Number.isInteger(minutes) && 60 % minutes === 0) {
      return { days: { kind: 'daily' }, frequency: { unit: 'minute', step: minutes } };
    }
    const hours = minutes / 60;
    if (Number.isInteger(hours) && hours < 24 && 24 % hours === 0) {
      return { days: { kind: 'daily' }, frequency: { unit: 'hour', step: hours } };
    }
    if (hours === 24) return { days: { kind: 'daily' } };
    return unevenInterval(UNIT_PHRASE(amountWord, unitWord), minutes);
  }
  if (amount !== 1) {
    return unsupportedCalendarRepeat(UNIT_PHRASE(amountWord, unitWord));
  }
  if (unit.startsWith('d')) return { days: { kind: 'daily' } };
  if (unit.startsWith('w')) return { days: { kind: 'weekly' } };
  if (unit.startsWith('mon')) return { days: { kind: 'monthly' } };
  return { days: { kind: 'yearly' } };
}

const UNIT_PHRASE = (amount: string | undefined, unit: string): string => `every ${amount ? `${amount} ` : ''}${unit}`;

/** The first primary phrase that says "this repeats", or undefined when the request is one-time. */
function takePrimary(scanner: PhraseScanner, namesADay: (text: string) => boolean): Recurrence | ParseFailure | undefined {
  let m: RegExpExecArray | null;
  if ((m = scanner.take(P.nthEvery) ?? scanner.take(P.nthOfEveryMonth))) {
    const rule = nthRule(m[1] ?? '', m[2] ?? '');
    return 'ok' in rule ? rule : { days: rule };
  }
  if ((m = scanner.take(P.yearlyDate))) {
    const month = monthOf(m[1] ?? m[4] ?? '');
    const day = Number(m[2] ?? m[3]);
    return checkDate(month, day) ?? { days: { kind: 'yearly', month, day } };
  }
  if ((m = scanner.take(P.domEvery) ?? scanner.take(P.domOfEveryMonth))) {
    const day = Number(m[1]);
    return checkDayOfMonth(day) ?? { days: { kind: 'monthly', dayOfMonth: day } };
  }
  // Before the day phrases, so "every 2 hours on weekdays" is an interval scoped to weekdays.
  if ((m = scanner.take(P.unit))) return frequencyRule(m[1], m[2] ?? '');
  if (scanner.take(P.weekdays)) return { days: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] } };
  if (scanner.take(P.weekends)) return { days: { kind: 'weekly', weekdays: [0, 6] } };
  if ((m = scanner.take(P.dayListEvery) ?? scanner.take(P.dayListPlural))) {
    return { days: { kind: 'weekly', weekdays: weekdaysIn(m[0]) } };
  }
  if ((m = scanner.take(P.dailyPeriod))) {
    const word = m[1] ?? m[2];
    const period: DayPeriod | undefined = word === 'nightly' ? 'night' : word === 'everyday' ? undefined : (word as DayPeriod);
    return period ? { days: { kind: 'daily' }, period } : { days: { kind: 'daily' } };
  }
  // "daily" or "weekly" are adjectives too ("the weekly report"): only right before a time phrase, or as the
  // request's first word — unless the rest names a one-time day ("weekly review tomorrow at 9" is one review).
  m = scanner.find(P.adverb);
  const after = m ? scanner.lower.slice(m.index + m[0].length) : '';
  const adverbial = m !== null && (/^\s*(?:at|on|in|from|until|till|for|,|$)/.test(after) ||
    (scanner.lower.slice(0, m.index).trim() === '' && !namesADay(after)));
  if (m && adverbial) {
    scanner.consume(m.index, m.index + m[0].length);
    switch (m[1]) {
      case 'hourly': return { days: { kind: 'daily' }, frequency: { unit: 'hour', step: 1 } };
      case 'daily': return { days: { kind: 'daily' } };
      case 'weekly': return { days: { kind: 'weekly' } };
      case 'monthly': return { days: { kind: 'monthly' } };
      case 'yearly': case 'annually': return { days: { kind: 'yearly' } };
      default: return unsupportedCalendarRepeat(m[1] ?? '');
    }
  }
  return undefined;
}

/** Secondary phrases that refine a primary one: "every month *on the 15th*", "every 2 hours *on weekdays*". */
function refine(scanner: PhraseScanner, recurrence: Recurrence): Recurrence | ParseFailure {
  const { days } = recurrence;
  let m: RegExpExecArray | null;
  if (recurrence.frequency || days.kind === 'daily') {
    if (!recurrence.frequency) return recurrence;
    if (scanner.take(P.weekdays)) return { ...recurrence, days: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] } };
    if (scanner.take(P.weekends)) return { ...recurrence, days: { kind: 'weekly', weekdays: [0, 6] } };
    if ((m = scanner.take(P.onDays) ?? scanner.take(P.dayListPlural))) return { ...recurrence, days: { kind: 'weekly', weekdays: weekdaysIn(m[0]) } };
    return recurrence;
  }
  if (days.kind === 'weekly' && days.weekdays === undefined) {
    if ((m = scanner.take(P.onDays))) return { ...recurrence, days: { kind: 'weekly', weekdays: weekdaysIn(m[0]) } };
    if (scanner.take(P.weekdays)) return { ...recurrence, days: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] } };
    if (scanner.take(P.weekends)) return { ...recurrence, days: { kind: 'weekly', weekdays: [0, 6] } };
  }
  if (days.kind === 'monthly' && days.dayOfMonth === undefined && days.nthWeekday === undefined) {
    if ((m = scanner.take(P.onNth))) {
      const rule = nthRule(m[1] ?? '', m[2] ?? '');
      return 'ok' in rule ? rule : { ...recurrence, days: rule };
    }
    if ((m = scanner.take(P.onDayOfMonth))) {
      const day = Number(m[1] ?? m[2]);
      return checkDayOfMonth(day) ?? { ...recurrence, days: { kind: 'monthly', dayOfMonth: day } };
    }
  }
  if (days.kind === 'yearly' && days.month === undefined && (m = scanner.take(P.onDate))) {
    const month = monthOf(m[1] ?? m[4] ?? '');
    const day = Number(m[2] ?? m[3]);
    return checkDate(month, day) ?? { ...recurrence, days: { kind: 'yearly', month, day } };
  }
  return recurrence;
}

/**
 * Reads the "how often" part of a request ("every weekday", "every 2 hours on weekends", "every month on
 * the 15th", "every first monday of the month", "every year on march 3"), consuming its words.
 * Returns undefined when nothing says the reminder repeats. Time of day, until and count are read elsewhere.
 * `namesADay` tells whether some text names a calendar day, which makes a leading "daily"/"weekly" an adjective.
 */
export function takeRecurrence(scanner: PhraseScanner, namesADay: (text: string) => boolean): Recurrence | ParseFailure | undefined {
  const primary = takePrimary(scanner, namesADay);
  if (primary === undefined || 'ok' in primary) return primary;
  const refined = refine(scanner, primary);
  if ('ok' in refined) return refined;
  const period = takeDayPeriod(scanner);
  return period ? { ...refined, period } : refined;
}

/** "between 9 and 17" for interval schedules, as local hours [from, to]. */
export function takeHourWindow(scanner: PhraseScanner): { from: number; to: number } | ParseFailure | undefined {
  const m = scanner.take(P.window);
  if (!m) return undefined;
  const hour = (h: string | undefined, suffix: string | undefined): number => {
    const n = Number(h);
    if (suffix === 'pm' && n < 12) return n + 12;
    if (suffix === 'am' && n === 12) return 0;
    return n;
  };
  const from = hour(m[1], m[2]);
  const to = hour(m[3], m[4] ?? (m[2] === undefined && Number(m[3]) < Number(m[1]) ? 'pm' : undefined));
  if (from > 23 || to > 23 || to <= from) {
    return fail('impossible_date', `"${m[0]}" isn't a range of hours I can use. Try "between 9 and 17".`);
  }
  return { from, to };
}
