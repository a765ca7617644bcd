import { whyNoSuchDay } from './impossible-date.ts';
import { fail, type ParseFailure } from './parse-result.ts';
import type { PhraseScanner } from './phrase-scanner.ts';
import { takeDayPeriod, type DayPeriod } from './time-of-day.ts';
import { ambiguousRepeat, tooFrequent } from './unsupported-repeat.ts';
import { DAY_SRC, maxDaysIn, MONTH_NAMES, MONTH_SRC, monthOf, NUMBER_WORD_SRC, numberOf, ORDINAL_SUFFIX_SRC, weekdayOf } from './vocabulary.ts';

/** Which days a recurring reminder falls on; `undefined` parts default to `now`'s (weekday, day, date). */
export type DayRule =
  | { kind: 'daily' }
  | { kind: 'weekly'; weekdays?: number[] }
  | { kind: 'monthly'; dayOfMonth?: number | 'L'; nthWeekday?: { weekday: number; nth: number | 'L' }; lastWorkday?: true }
  | { kind: 'yearly'; month?: number; day?: number };

/** A sub-daily repetition: every `step` minutes or hours, in elapsed time unless a window names the hours. */
export interface Frequency {
  unit: 'minute' | 'hour';
  step: number;
}

export interface Recurrence {
  days: DayRule;
  /** Every N days/weeks/months/years (1 unless "every other", "every 3 …", "fortnightly", "quarterly"). */
  interval?: number;
  frequency?: Frequency;
  period?: DayPeriod;
  /** "twice a day": how many times of day must follow. */
  timesPerDay?: number;
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
  otherDays: new RegExp(`\\b(?:every|each)\\s+other\\s+(${DAY_SRC})s?\\b${DAY_LIST_TAIL}`),
  lastWorkday: /\b(?:(?:every|each|on)\s+)?(?:the\s+)?last\s+(?:work|working|business|week)\s?days?\s+(?:of|in)\s+(?:the|each|every|a)\s+month\b/,
  quarter: /\b(?:(?:every|each)\s+quarter\b(?!\s+(?:of\s+an?\s+)?(?:hours?|h)\b)|quarterly\b)/,
  perDay: new RegExp(`\\b(twice|thrice|(?:\\d+|${NUMBER_WORD_SRC})\\s*(?:times|x))\\s+(?:a|per|each|every)\\s+day\\b`),
  dailyPeriod: /\b(?:every|each)\s+(morning|afternoon|evening|night)\b|\b(everyday|nightly)\b/,
  adverb: /\b(hourly|daily|weekly|fortnightly|biweekly|bimonthly|monthly|yearly|annually)\b/,
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
 * "every 90 minutes", "every 3 hours", "every other week", "every 2 months", "fortnight". Minute and hour
 * steps count elapsed time from when they were set (see `rrule-occurrences.ts`), so any whole number of
 * minutes works; less than a minute is refused.
 */
function frequencyRule(amountWord: string | undefined, unitWord: string): Recurrence | ParseFailure {
  const unit = unitWord.replace(/s$/, '');
  if (unit === 'fortnight') return { days: { kind: 'weekly' }, interval: amountWord === 'other' ? 4 : 2 * (numberOf(amountWord) ?? 1) };
  let amount: number | undefined;
  if (amountWord === undefined) amount = 1;
  else if (amountWord === 'other') amount = 2;
  else if (amountWord.startsWith('half')) amount = 0.5;
  else if (amountWord.startsWith('quarter')) amount = 0.25;
  else amount = numberOf(amountWord);
  if (amount === undefined || amount === 0) return fail('no_time', `I didn't understand "${UNIT_PHRASE(amountWord, unitWord)}". Try "every 2 hours" or "every day at 9".`);
  let minutes: number | undefined;
  if (unit === 's' || unit.startsWith('sec')) minutes = amount / 60;
  else if (unit === 'm' || unit.startsWith('min')) minutes = amount;
  else if (unit === 'h' || unit.startsWith('h')) minutes = amount * 60;
  if (minutes !== undefined) {
    if (minutes < 1) return tooFrequent(UNIT_PHRASE(amountWord, unitWord));
    if (!Number.isInteger(minutes)) return fail('no_time', `I can only repeat in whole minutes, not "${UNIT_PHRASE(amountWord, unitWord)}".`);
    if (minutes === 1440) return { days: { kind: 'daily' } };
    if (minutes % 60 === 0) return { days: { kind: 'daily' }, frequency: { unit: 'hour', step: minutes / 60 } };
    return { days: { kind: 'daily' }, frequency: { unit: 'minute', step: minutes } };
  }
  if (!Number.isInteger(amount)) return fail('no_time', `I can't repeat "${UNIT_PHRASE(amountWord, unitWord)}". Try whole days, weeks or months.`);
  const interval = amount;
  if (unit.startsWith('d')) return { days: { kind: 'daily' }, interval };
  if (unit.startsWith('w')) return { days: { kind: 'weekly' }, interval };
  if (unit.startsWith('mon')) return { days: { kind: 'monthly' }, interval };
  return { days: { kind: 'yearly' }, interval };
}

const UNIT_PHRASE = (amount: string | undefined, unit: string): string => `every ${amount ? `${amount} ` : ''}${unit}`;

/** The first primary phrase that says "this repeats", or undefined when the request is one-time. */
function takePrimary(scanner: PhraseScanner, namesADay: (text: string) => boolean): Recurrence | ParseFailure | undefined {
  let m: RegExpExecArray | null;
  if (scanner.take(P.lastWorkday)) return { days: { kind: 'monthly', lastWorkday: true } };
  if (scanner.take(P.quarter)) return { days: { kind: 'monthly' }, interval: 3 };
  if ((m = scanner.take(P.otherDays))) return { days: { kind: 'weekly', weekdays: weekdaysIn(m[0]) }, interval: 2 };
  if ((m = scanner.take(P.perDay))) {
    const word = m[1] ?? '';
    const n = word === 'twice' ? 2 : word === 'thrice' ? 3 : numberOf(word.replace(/\s*(?:times|x)$/, ''));
    if (n === undefined || n < 2 || n > 12) return fail('no_time', `"${m[0]}" needs between 2 and 12 times a day, each written out: "twice a day at 8 and 20".`);
    return { days: { kind: 'daily' }, timesPerDay: n };
  }
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
      case 'fortnightly': return { days: { kind: 'weekly' }, interval: 2 };
      // "biweekly"/"bimonthly" mean twice a week/month to some and every two weeks/months to others.
      default: return ambiguousRepeat(m[1] ?? '');
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
  if (days.kind === 'monthly' && days.dayOfMonth === undefined && days.nthWeekday === undefined && !days.lastWorkday) {
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
  const period = takeDayPeriod(scanner) ?? takeAdjacentPeriod(scanner);
  return period ? { ...refined, period } : refined;
}

/** "every sunday evening", "every weekday morning": a bare day part right after the repeat phrase. */
// The scanner blanks consumed phrases with U+0001; a day part that follows one belongs to it.
const ADJACENT_PERIOD = new RegExp(`(?<=${String.fromCharCode(1)}[ \\t]*)(morning|afternoon|evening|night)s?\\b`);

function takeAdjacentPeriod(scanner: PhraseScanner): DayPeriod | undefined {
  const m = scanner.take(ADJACENT_PERIOD);
  return m ? (m[1] as DayPeriod) : undefined;
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
