import { fail, type ParseFailure } from './parse-result.ts';
import type { PhraseScanner } from './phrase-scanner.ts';

export type DayPeriod = 'morning' | 'afternoon' | 'evening' | 'night';

/** What a period means when no clock time is given ("every morning" → 09:00). */
export const PERIOD_DEFAULT_HOUR: Record<DayPeriod, number> = { morning: 9, afternoon: 15, evening: 19, night: 21 };

export interface TimeOfDay {
  hour: number;
  minute: number;
}

const AMPM = '(am|pm|a\\.m\\.|p\\.m\\.)';
// A time ends at a non-word character; a colon or dot may follow as punctuation ("at 9: review") but not
// as part of a longer number ("9:3", "9.5").
const TIME_END = '(?!\\w|[:.]\\d)';
// Whole words only: "at 9 weekly review" is 09:00 followed by text, not a duration of "9 week…".
const NOT_A_DURATION = '(?!\\s*(?:(?:minutes?|mins?|hours?|hrs?|times?|days?|weeks?|months?|years?)\\b|%))';
const AT_TIME = new RegExp(`(?:\\b(?:at|@)|@)\\s*(\\d{1,2})(?:[:.h](\\d{2}))?(?:\\s*${AMPM})?${TIME_END}${NOT_A_DURATION}`);
const CLOCK_TIME = new RegExp(`\\b(\\d{1,2})[:h](\\d{2})(?:\\s*${AMPM})?${TIME_END}`);
const AMPM_TIME = new RegExp(`\\b(\\d{1,2})\\s*${AMPM}(?!\\w)`);
const NAMED_TIME = /\b(?:at\s+)?(noon|midday|midnight)\b/;
const PERIOD = /\b(?:in\s+the|at|this)\s+(morning|afternoon|evening|night)\b/;

/** Consumes "in the evening" / "at night" and returns the period, for am/pm and default hours. */
export function takeDayPeriod(scanner: PhraseScanner): DayPeriod | undefined {
  const m = scanner.take(PERIOD);
  return m ? (m[1] as DayPeriod) : undefined;
}

/**
 * Consumes one clock time ("at 9", "at 8:30", "18:00", "6pm", "at noon") and returns it in 24-hour form.
 * `period` turns "at 8" into 20:00 in the evening. A time that cannot exist ("at 25:00") is a failure.
 */
export function takeTimeOfDay(scanner: PhraseScanner, period?: DayPeriod): TimeOfDay | ParseFailure | undefined {
  const named = scanner.take(NAMED_TIME);
  if (named) return { hour: named[1] === 'midnight' ? 0 : 12, minute: 0 };
  const m = scanner.take(AT_TIME) ?? scanner.take(CLOCK_TIME) ?? scanner.take(AMPM_TIME);
  if (!m) return undefined;
  const suffix = [m[2], m[3]].find((s) => s !== undefined && /[ap]/.test(s));
  const minuteText = m[2] !== undefined && /^\d+$/.test(m[2]) ? m[2] : undefined;
  let hour = Number(m[1]);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  const written = `${m[1]}${minuteText !== undefined ? `:${minuteText}` : ''}${suffix ?? ''}`;
  if (minute > 59 || hour > 24 || (suffix !== undefined && (hour > 12 || hour === 0))) {
    return fail('impossible_date', `"${written}" isn't a time of day. Use times like 18:30 or 6:30pm.`);
  }
  if (hour === 24) hour = 0;
  if (suffix?.startsWith('p') && hour < 12) hour += 12;
  else if (suffix?.startsWith('a') && hour === 12) hour = 0;
  else if (suffix === undefined) hour = hourInPeriod(hour, period);
  return { hour, minute };
}

/**
 * An hour written without am/pm, read in the light of a day period: "at 8 in the evening" is 20:00, "at 2 at
 * night" stays 02:00 (small hours), and "at 8 in the morning" or no period keeps the hour as written.
 */
export function hourInPeriod(hour: number, period: DayPeriod | undefined): number {
  if (period === undefined || period === 'morning' || hour >= 12 || (period === 'night' && hour < 5)) return hour;
  return hour + 12;
}

/** "in the morning", "at night": a period that stands apart from a date ("tomorrow in the evening"). */
export const DETACHED_PERIOD = /\b(?:in\s+the|at)\s+(morning|afternoon|evening|night)\b/;
