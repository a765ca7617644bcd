import type { Reminder } from '../store/port.ts';
import { deliveredWords } from '../delivered-words.ts';
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
export function reminderMessageText(reminder: Pick<Reminder, 'dueAt' | 'shortId' | 'text'> & { lastError?: string | undefined; lang?: string | undefined }, deliveredAt: Date): string {
  // In the language the reminder was set in (English when none was stored).
  const words = deliveredWords(reminder.lang);
  const head = `⏰ #${reminder.shortId} ${reminder.text}`;
  const text = isLate(reminder, deliveredAt) ? `${head}\n${words.wasDue(formatLateness(latenessMs(reminder, deliveredAt)))}` : head;
  return isMaybeDeliveredRetry(reminder) ? `${text}\n${reminder.lang ? words.possibleRepeat : POSSIBLE_REPEAT_NOTE}` : text;
}

/** Stored as the row's `lastError` when a send may have reached Telegram; the one re-send carries the note below. */
export const MAYBE_DELIVERED = 'maybe delivered';

/** Said on the one re-send after a send Telegram did not answer, so a second copy is not taken for a new reminder. */
export const POSSIBLE_REPEAT_NOTE = '(sent again: Telegram did not confirm the first try, so you may see this twice)';

/** This attempt follows a send that may have been delivered. */
export function isMaybeDeliveredRetry(reminder: { lastError?: string | undefined }): boolean {
  return reminder.lastError?.startsWith(MAYBE_DELIVERED) === true;
}
