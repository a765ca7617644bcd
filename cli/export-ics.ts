// `nudge export --format ics`: the exported reminders through the calendar writer `/export` uses.
import type { BackupItem } from '../core/admin/index.ts';
import { remindersToIcs } from '../core/calendar/ics.ts';
import { ReminderItem } from '../schema/index.ts';

/** A VCALENDAR with one VEVENT per reminder among `items`; other items are not calendar entries. */
export function remindersAsIcs(items: readonly BackupItem[], now: Date): string {
  const reminders = items.flatMap((item) => {
    const parsed = item.type === 'reminder' ? ReminderItem.safeParse(item) : undefined;
    return parsed?.success ? [parsed.data] : [];
  });
  return remindersToIcs(reminders, now);
}
