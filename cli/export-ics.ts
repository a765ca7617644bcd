// The one place `nudge export --format ics` turns reminders into iCalendar. Minimal on purpose: one VEVENT
// per one-time reminder. The shared RFC 5545 writer (issue #14) replaces this function when it lands.
import { dtstart, utcBasic } from '../core/admin/index.ts';
import { ReminderItem } from '../schema/index.ts';
import type { BackupItem } from '../core/admin/index.ts';

/** Recurring reminders cannot be written yet; the message names them. */
export class IcsNotSupportedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IcsNotSupportedError';
  }
}

/** A VCALENDAR with one VEVENT per one-time reminder among `items`; other items are not calendar entries. */
export function remindersAsIcs(items: readonly BackupItem[], now: Date): string {
  const reminders = items.flatMap((item) => {
    const parsed = item.type === 'reminder' ? ReminderItem.safeParse(item) : undefined;
    return parsed?.success ? [parsed.data] : [];
  });
  const recurring = reminders.filter((r) => r.schedule.kind === 'recurring');
  if (recurring.length > 0) {
    const names = recurring.slice(0, 5).map((r) => `chat ${r.chatId} #${r.shortId}`).join(', ');
    throw new IcsNotSupportedError(
      `ICS export of recurring reminders is not supported yet (${names}${recurring.length > 5 ? `, and ${recurring.length - 5} more` : ''}); use --format jsonl, or --chat for a chat with one-time reminders only.`,
    );
  }
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Nudge//admin export//EN', 'CALSCALE:GREGORIAN'];
  for (const r of reminders) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${r.id}@nudge`,
      `DTSTAMP:${utcBasic(now)}`,
      dtstart(new Date(r.dueAt), r.tz),
      `SUMMARY:${escapeText(r.text)}`,
      `DESCRIPTION:${escapeText(`Nudge reminder #${r.shortId} of chat ${r.chatId} (${r.status})`)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + space. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const width = Buffer.byteLength(char, 'utf8');
    if (size + width > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += width;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
