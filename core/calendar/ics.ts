import type { ReminderItem } from '../../schema/index.ts';
import { cronAsRrule, dtstart as dtstartLine } from '../admin/rfc5545.ts';
import { rfc5545Lines } from '../time/rule-text.ts';
import { upcomingOccurrences } from '../time/next-occurrence.ts';
import { vtimezone } from './vtimezone.ts';

/** What the calendar needs of a reminder. */
export type CalendarReminder = Pick<ReminderItem, 'id' | 'shortId' | 'text' | 'schedule' | 'tz' | 'dueAt'>;

const utcStamp = (at: Date): string => `${at.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

/** RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded: CRLF then one space, without splitting a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function eventLines(reminder: CalendarReminder, now: Date): string[] {
  const { schedule } = reminder;
  const head = ['BEGIN:VEVENT', `UID:${reminder.id}@nudge`, `DTSTAMP:${utcStamp(now)}`, `SUMMARY:${escapeText(reminder.text)}`];
  let when: string[];
  if (schedule.kind === 'recurring') {
    const rule = rfc5545Lines(schedule);
    const cronRule = rule ? null : cronAsRrule(schedule.cron ?? '');
    if (rule) when = [rule.dtstart, rule.rrule, ...(rule.exdate ? [rule.exdate] : [])];
    // Cron rows in the shapes Nudge writes read back as one RRULE from their next occurrence on.
    else if (cronRule) when = [dtstartLine(new Date(reminder.dueAt), schedule.tz), `RRULE:${cronRule}`];
    // Other cron rules have no RFC 5545 form: the calendar gets the next occurrence, and the cron for reference.
    else when = [`DTSTART:${utcStamp(new Date(reminder.dueAt))}`, `X-NUDGE-CRON:${schedule.cron ?? ''}`];
  } else {
    when = [`DTSTART:${utcStamp(new Date(reminder.dueAt))}`];
  }
  const alarm = ['BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(reminder.text)}`, 'TRIGGER:PT0S', 'END:VALARM'];
  return [...head, ...when, `DESCRIPTION:Nudge reminder #${reminder.shortId}`, ...alarm, 'END:VEVENT'];
}

/**
 * The reminders as one iCalendar file: one VEVENT per reminder (its RRULE for RFC 5545 schedules) with a
 * VALARM at the moment it is due, and a VTIMEZONE for each zone used. CRLF line ends, folded lines.
 *
 * @example remindersToIcs(await store.listReminders(chatId), new Date()) // "BEGIN:VCALENDAR\r\n…"
 */
export function remindersToIcs(reminders: CalendarReminder[], now: Date): string {
  const zones = new Map<string, { from: Date; to: Date }>();
  for (const r of reminders) {
    if (r.schedule.kind !== 'recurring') continue;
    const from = new Date(Math.min(now.getTime(), Date.parse(r.dueAt)));
    const horizon = upcomingOccurrences(r.schedule, now, 1)[0] ?? now;
    // Offsets come from the runtime's zone data for ten years ahead; calendars keep the last one after that.
    const to = new Date(Math.max(horizon.getTime(), now.getTime()) + 10 * 366 * 86_400_000);
    zones.set(r.schedule.tz, { from, to });
  }
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Nudge//Reminders//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    ...[...zones].flatMap(([tz, span]) => vtimezone(tz, span.from, span.to)),
    ...reminders.flatMap((r) => eventLines(r, now)),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
