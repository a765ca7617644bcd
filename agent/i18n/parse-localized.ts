import * as chrono from 'chrono-node';
import { pad2, parseReminder, ruleHalfDayNote, wallTimeOf, zonedWallTimeToUtc, zoneOffsetMinutes, type ParsedReminder, type ReadingAlternative } from '../../core/time/index.ts';
import { formatInstantIn } from './dates.ts';
import { dateRemnant } from './date-remnants.ts';
import type { Language } from './languages.ts';
import { CLOCK_SUFFIX, TIME_WORDS, type TimeWords } from './time-words.ts';
import { t } from './translate.ts';

/** What a phrase in another language means; failures carry a sentence in that language. */
export type LocalizedParse = ParsedReminder | { ok: false; error: 'unread'; message: string };

const PARSERS: Record<Exclude<Language, 'en'>, chrono.Chrono> = {
  de: chrono.de.casual,
  fr: chrono.fr.casual,
  es: chrono.es.casual,
  pt: chrono.pt.casual,
  nl: chrono.nl.casual,
};

/** A date without a clock time means this hour, as in English. */
const DEFAULT_HOUR = 9;

/**
 * Reads a reminder written in German, French, Spanish, Portuguese or Dutch. One-time phrases go
 * to chrono-node's parser for the language; repeating ones ("jeden Montag um 9 …") are rewritten
 * into the English time grammar and read by it, so both languages share one recurrence model.
 * Times are in `tz`, forward only; a time word left in the text is a refusal, never a guess.
 */
export function parseLocalized(language: Exclude<Language, 'en'>, input: string, context: { tz: string; now: Date }): LocalizedParse {
  const words = TIME_WORDS[language];
  const body = input.trim().replace(words.remindPrefix, '').trim();
  if (words.every.test(body)) {
    const english = words.toEnglish.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), body);
    const parsed = parseReminder(english, context);
    // A phrase that starts like a repeating one but reads as one-time lost its repetition somewhere.
    if (parsed.ok && parsed.kind === 'once') return { ok: false, error: 'unread', message: t(language, 'parseRepeatUnread') };
    if (parsed.ok) return withoutHalfDayNote(parsed, context.tz);
    return { ok: false, error: parsed.error, message: failureMessage(language, parsed.error) ?? parsed.message };
  }
  return parseOnceLocalized(language, words, body, context);
}

function parseOnceLocalized(language: Exclude<Language, 'en'>, words: TimeWords, body: string, { tz, now }: { tz: string; now: Date }): LocalizedParse {
  let dueAt: Date | undefined;
  let otherHalf: ReadingAlternative | undefined;
  let rest = body;
  const relative = words.relative.exec(body);
  if (relative) {
    const unit = words.units.find(([pattern]) => pattern.test(relative[2] ?? ''))?.[1];
    if (unit !== undefined) {
      dueAt = new Date(now.getTime() + Number(relative[1]) * unit);
      rest = cut(body, relative.index, relative[0].length);
    }
  }
  if (!dueAt) {
    // "18h", "9h30", "9 Uhr" read alike as clock times ("sexta às 18h" is beyond chrono's pt parser).
    const clock = CLOCK_SUFFIX.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), body);
    const result = PARSERS[language].parse(clock, { instant: now, timezone: zoneOffsetMinutes(now, tz) }, { forwardDate: true })[0];
    if (!result) return fail(language, 'no_time');
    rest = cut(clock, result.index, result.text.length);
    let hour = result.start.get('hour') ?? DEFAULT_HOUR;
    let minute = result.start.get('minute') ?? 0;
    if (!result.start.isCertain('hour')) {
      const part = words.dayParts.find(([pattern]) => pattern.test(rest));
      hour = part ? part[1] : DEFAULT_HOUR;
      minute = 0;
      if (part) rest = rest.replace(part[0], ' ');
    }
    const day = { year: result.start.get('year') ?? 0, month: result.start.get('month') ?? 1, day: result.start.get('day') ?? 1 };
    dueAt = zonedWallTimeToUtc(day.year, day.month, day.day, hour, minute, tz);
    if (dueAt.getTime() <= now.getTime()) {
      // "um 9" at 10:00 means tomorrow; an explicit date in the past is the person's mistake.
      if (result.start.isCertain('day')) return fail(language, 'past');
      const tomorrow = wallTimeOf(new Date(dueAt.getTime() + 36 * 3600_000), tz);
      dueAt = zonedWallTimeToUtc(tomorrow.year, tomorrow.month, tomorrow.day, hour, minute, tz);
    }
    otherHalf = otherHalfOfDay(result, hour, minute, tz, now);
  }
  const text = tidy(rest, words);
  if (text === '') return fail(language, 'empty_text');
  // A date cut in half or a month left beside a number is a misread date, refused like a time word.
  const unread = words.unread.exec(text)?.[0] ?? dateRemnant(language, text, body);
  if (unread !== undefined) {
    return { ok: false, error: 'unread', message: t(language, 'parseUnread', { when: formatInstantIn(language, dueAt, tz, now), words: unread }) };
  }
  return { ok: true, kind: 'once', text, dueAt, schedule: { kind: 'once' }, unread: [], ...(otherHalf ? { alternatives: [otherHalf] } : {}) };
}


/**
 * "um 5" with no day, day part or am/pm could be 17:00 as well: the next 17:00 is offered with one tap. The
 * reading itself stays this language's (the morning hour); "um 05:00" and hours from 12 on are 24-hour times.
 */
function otherHalfOfDay(result: chrono.ParsedResult, hour: number, minute: number, tz: string, now: Date): ReadingAlternative | undefined {
  const start = result.start;
  if (!start.isCertain('hour') || start.isCertain('meridiem') || start.isCertain('day') || start.isCertain('weekday') || hour < 1 || hour > 11) return undefined;
  if (/(?:^|\D)0\d/.test(result.text)) return undefined;
  const today = wallTimeOf(now, tz);
  let dueAt = zonedWallTimeToUtc(today.year, today.month, today.day, hour + 12, minute, tz);
  if (dueAt.getTime() <= now.getTime()) dueAt = zonedWallTimeToUtc(today.year, today.month, today.day + 1, hour + 12, minute, tz);
  return { reason: 'half-day', written: result.text.trim(), label: `${pad2(hour + 12)}:${pad2(minute)}`, dueAt, schedule: { kind: 'once' } };
}

/**
 * "jeden Tag um 5" keeps 05:00 and offers 17:00 with a button, as "um 5" does for one time; the English line
 * saying so ("write 5pm …") is left out here, as the one-time reading in these languages has none.
 */
function withoutHalfDayNote(parsed: Extract<ParsedReminder, { ok: true }>, tz: string): ParsedReminder {
  const english = new Set((parsed.alternatives ?? []).filter((a) => a.reason === 'half-day').map((a) => ruleHalfDayNote(a.written, tz)));
  const notes = (parsed.notes ?? []).filter((note) => !english.has(note));
  const { notes: _all, ...rest } = parsed;
  return notes.length > 0 ? { ...rest, notes } : rest;
}

function cut(text: string, index: number, length: number): string {
  return `${text.slice(0, index)} ${text.slice(index + length)}`;
}

/** The reminder text once the time is cut out: no connector left at its start, single spaces. */
function tidy(rest: string, words: TimeWords): string {
  let text = rest.replace(/\s+/g, ' ').trim();
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(words.lead, '').trim();
  }
  return text.replace(/^[,.;:!\s]+|[,;:\s]+$/g, '');
}

function failureMessage(language: Language, error: string): string | undefined {
  if (error === 'no_time') return t(language, 'parseNoTime');
  if (error === 'past') return t(language, 'parsePast');
  if (error === 'empty_text') return t(language, 'parseEmptyText');
  return undefined;
}

function fail(language: Language, error: 'no_time' | 'past' | 'empty_text'): LocalizedParse {
  return { ok: false, error, message: failureMessage(language, error) as string };
}
