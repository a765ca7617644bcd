import { findImpossibleDate } from './impossible-date.ts';
import { readNumericDates, type NumericDateReading } from './numeric-date.ts';
import { parseRawCron } from './raw-cron.ts';
import { parseOnce, type OnceParse } from './parse-once.ts';
import { parseRecurring } from './parse-recurring.ts';
import { EXAMPLES, fail, type ParsedReminder, type ReadingAlternative } from './parse-result.ts';
import { PhraseScanner } from './phrase-scanner.ts';
import { cleanReminderText, stripCommandPrefix } from './reminder-text.ts';
import { unreadTimeWords } from './unread-words.ts';
import { MONTH_NAMES } from './vocabulary.ts';
import { resolveZone } from './zones.ts';
import { isKnownZone } from './zoned-time.ts';

/**
 * Turns what a person typed into a schedule in their chat's zone.
 *
 * Accepts text with or without "remind me", "/remind", "/every", "remind me to/that …". Times are read in
 * `context.tz` ("tomorrow" means tomorrow there), only forward ("at 14:00" at 15:00 means tomorrow), and a
 * date without a time means 09:00 local. Recurring phrases ("every weekday at 8:30", "every 2 hours",
 * "every first monday of the month", "… until december 31", "… 5 times") become a cron expression in `tz`.
 *
 * @example parseReminder('remind me tomorrow at 10 to check emails', { tz: 'Europe/Berlin', now })
 *   // { ok: true, kind: 'once', text: 'check emails', dueAt: <tomorrow 10:00 Berlin>, schedule: { kind: 'once' } }
 */
export function parseReminder(text: string, context: { tz: string; now: Date }): ParsedReminder {
  const { now } = context;
  if (Number.isNaN(now.getTime())) throw new RangeError('parseReminder: context.now is not a valid date');
  const tz = isKnownZone(context.tz) && context.tz.trim() !== '' ? context.tz : resolveZone(context.tz);
  if (tz === undefined) {
    return fail('bad_zone', `"${context.tz}" isn't a timezone I know. Use a city or an IANA name such as Europe/Berlin or America/New_York.`);
  }
  const stripped = stripCommandPrefix(text);
  if (stripped.trim() === '') return fail('no_time', `Tell me when and what, e.g. ${EXAMPLES}.`);
  const reading = readOnce(stripped, tz, now);
  if (!reading.parsed.ok) return reading.parsed;
  const alternatives = otherReadings(stripped, tz, now, reading);
  return alternatives.length > 0 ? { ...reading.parsed, alternatives } : reading.parsed;
}

interface Reading {
  parsed: ParsedReminder;
  /** Numeric dates that read as dates in both orders. */
  ambiguous: NumericDateReading['ambiguous'];
  /** The text after numeric dates were written out, and an hour in it read without am/pm. */
  body: string;
  otherHalf?: OnceParse['otherHalf'];
}

/** One reading of the phrase; `flip` reads that ambiguous numeric date in the other order. */
function readOnce(stripped: string, tz: string, now: Date, flip?: number): Reading {
  const numeric = readNumericDates(stripped, tz, flip);
  const body = numeric.text;
  const done = (parsed: ParsedReminder, otherHalf?: OnceParse['otherHalf']): Reading =>
    ({ parsed, ambiguous: numeric.ambiguous, body, ...(otherHalf ? { otherHalf } : {}) });
  if (numeric.invalid !== undefined) return done(fail('impossible_date', `"${numeric.invalid}" isn't a date in either order (day/month or month/day).`));

  const cron = parseRawCron(body, tz, now);
  if (cron !== undefined) return done(cron);

  const impossible = findImpossibleDate(body.toLowerCase());
  if (impossible) return done(impossible);

  const scanner = new PhraseScanner(body);
  const recurring = parseRecurring(scanner, tz, now);
  if (recurring !== undefined) {
    if ('ok' in recurring) return done(recurring);
    const reminderText = cleanReminderText(body, scanner.spans);
    if (reminderText === '') return done(emptyText());
    return done(
      { ok: true, kind: 'recurring', text: reminderText, dueAt: recurring.dueAt, schedule: recurring.schedule, unread: unreadTimeWords(reminderText), ...withNotes([...numeric.notes, ...(recurring.notes ?? [])]) },
      recurring.otherHalf,
    );
  }

  const once = parseOnce(body, tz, now);
  if (once === undefined) return done(fail('no_time', `I couldn't find a time in that. Try ${EXAMPLES}.`));
  if ('ok' in once) return done(once);
  const reminderText = cleanReminderText(body, once.spans);
  if (reminderText === '') return done(emptyText());
  return done(
    { ok: true, kind: 'once', text: reminderText, dueAt: once.dueAt, schedule: { kind: 'once' }, unread: unreadTimeWords(reminderText), ...withNotes([...numeric.notes, ...(once.notes ?? [])]) },
    once.otherHalf,
  );
}

/**
 * The readings not taken, each made by reading the phrase again with that one choice turned: a numeric date
 * in the other order, or the hour written as the other half of the day ("at 5" → "at 05:00"). Kept only
 * when that reading is a valid one of the same kind, with the same text, and another time or schedule.
 */
function otherReadings(stripped: string, tz: string, now: Date, reading: Reading): ReadingAlternative[] {
  const taken = reading.parsed;
  if (!taken.ok) return [];
  const alternatives: ReadingAlternative[] = [];
  const keep = (parsed: ParsedReminder, reason: ReadingAlternative['reason'], written: string, label: string): void => {
    if (!parsed.ok || parsed.kind !== taken.kind || parsed.text !== taken.text) return;
    // "until 05.01" read as 1 May starts on the same day: the schedule differs, not the first occurrence.
    if (parsed.dueAt.getTime() === taken.dueAt.getTime() && JSON.stringify(parsed.schedule) === JSON.stringify(taken.schedule)) return;
    alternatives.push({ reason, written, label, dueAt: parsed.dueAt, schedule: parsed.schedule });
  };
  reading.ambiguous.forEach(({ written, other }, index) => {
    keep(readOnce(stripped, tz, now, index).parsed, 'date-order', written, `${other.day} ${MONTH_NAMES[other.month - 1]}`);
  });
  const half = reading.otherHalf;
  if (half) {
    const [start, end] = half.span;
    const rewritten = half.written.replace(/\d{1,2}(?:[:.]\d{2})?(?:\s*o'?clock)?/i, half.time);
    keep(readOnce(reading.body.slice(0, start) + rewritten + reading.body.slice(end), tz, now).parsed, 'half-day', half.written.trim(), half.time);
  }
  return alternatives;
}

const withNotes = (notes: string[]): { notes?: string[] } => (notes.length > 0 ? { notes } : {});

function emptyText(): ParsedReminder {
  return fail('empty_text', `What should I remind you about? Add the text, e.g. ${EXAMPLES}.`);
}
