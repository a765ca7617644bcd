import type { Reminder } from '../store/port.ts';
import { formatLateness } from '../time/index.ts';

/** Later than this and the message says how late it is; a few seconds of queueing at 09:00 is not worth a note. */
export const LATE_AFTER_MS = 60_000;

/** Milliseconds between the occurrence's due time and `deliveredAt` (never negative). */
export function latenessMs(reminder: Pick<Reminder, 'dueAt'>, deliveredAt: Date): number {
  return Math.max(0, deliveredAt.getTime() - Date.parse(reminder.dueAt));
}

export function isLate(reminder: Pick<Reminder, 'dueAt'>, deliveredAt: Date): boolean {
  return latenessMs(reminder, deliveredAt) > LATE_AFTER_MS;
}

/**
 * The Telegram text of a plain reminder: "⏰ #4 check emails", plus "(was due 3 h ago)" when it is
 * delivered late (after an outage, a long back-off, a lease expiry) so the user knows it is not new.
 */
export function reminderMessageText(reminder: Pick<Reminder, 'dueAt' | 'shortId' | 'text'>, deliveredAt: Date): string {
  const head = `⏰ #${reminder.shortId} ${reminder.text}`;
  return isLate(reminder, deliveredAt) ? `${head}\n(was due ${formatLateness(latenessMs(reminder, deliveredAt))} ago)` : head;
}
