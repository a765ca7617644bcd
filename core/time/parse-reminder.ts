import { findImpossibleDate } from './impossible-date.ts';
import { readNumericDates } from './numeric-date.ts';
import { parseRawCron } from './raw-cron.ts';
import { parseOnce } from './parse-once.ts';
import { parseRecurring } from './parse-recurring.ts';
import { EXAMPLES, fail, type ParsedReminder } from './parse-result.ts';
import { PhraseScanner } from './phrase-scanner.ts';
import { cleanReminderText, stripCommandPrefix } from './reminder-text.ts';
import { unreadTimeWords } from './unread-words.ts';
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
  const numeric = readNumericDates(stripped, tz);
  if (numeric.invalid !== undefined) return fail('impossible_date', `"${numeric.invalid}" isn't a date in either order (day/month or month/day).`);
  const body = numeric.text;

  const cron = parseRawCron(body, tz, now);
  if (cron !== undefined) return cron;

  const impossible = findImpossibleDate(body.toLowerCase());
  if (impossible) return impossible;

  const scanner = new PhraseScanner(body);
  const recurring = parseRecurring(scanner, tz, now);
  if (recurring !== undefined) {
    if ('ok' in recurring) return recurring;
    const reminderText = cleanReminderText(body, scanner.spans);
    if (reminderText === '') return emptyText();
    return { ok: true, kind: 'recurring', text: reminderText, dueAt: recurring.dueAt, schedule: recurring.schedule, unread: unreadTimeWords(reminderText), ...withNotes(numeric.notes) };
  }

  const once = parseOnce(body, tz, now);
  if (once === undefined) return fail('no_time', `I couldn't find a time in that. Try ${EXAMPLES}.`);
  if ('ok' in once) return once;
  const reminderText = cleanReminderText(body, once.spans);
  if (reminderText === '') return emptyText();
  return { ok: true, kind: 'once', text: reminderText, dueAt: once.dueAt, schedule: { kind: 'once' }, unread: unreadTimeWords(reminderText), ...withNotes([...numeric.notes, ...(once.notes ?? [])]) };
}

const withNotes = (notes: string[]): { notes?: string[] } => (notes.length > 0 ? { notes } : {});

function emptyText(): ParsedReminder {
  return fail('empty_text', `What should I remind you about? Add the text, e.g. ${EXAMPLES}.`);
}
