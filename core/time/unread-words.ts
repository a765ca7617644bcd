import { DAY_SRC, MONTH_SRC } from './vocabulary.ts';

/**
 * Time, date and repetition words left in a reminder's text after parsing: "and 20", "evening",
 * "every other", "03.12", "starting january 1". A reminder whose text still holds one was probably misread
 * (the user meant it as part of the schedule), so it must not be saved silently.
 */
const UNREAD: RegExp[] = [
  /\b\d{1,2}[:.]\d{2}\b/i, // 18:30, 03.12
  /\b\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b/, // 3/12, 12/03/2026
  /\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)/i,
  /(?:^|\s)(?:and|&|,)\s*\d{1,2}(?::\d{2})?(?:\s|$)(?!\s*(?:people|pills?|tablets?|items?|pages?|kg|km|times?)\b)/i,
  /\b(?:at|@)\s*\d{1,2}\b/i,
  new RegExp(`\\b(?:${MONTH_SRC})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTH_SRC})\\b`, 'i'),
  new RegExp(`\\b(?:every|each)\\s+(?:other|\\d+|day|week|month|year|hour|minute|morning|afternoon|evening|night|weekday|weekend|${DAY_SRC})`, 'i'),
  /\b(?:tonight|tomorrow|today|morning|afternoon|evening|midnight|noon|twice|fortnightly)\b/i,
  new RegExp(`\\b(?:starting|beginning|until|till|from)\\s+(?:on\\s+)?(?:\\d|next\\b|tomorrow\\b|${MONTH_SRC}|${DAY_SRC})`, 'i'),
  /\b(?:in|for)\s+\d+\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b/i,
  new RegExp(`\\b(?:on|next|this)\\s+(?:${DAY_SRC})\\b`, 'i'),
];

/** The time-like phrases still in `text`, in order of the patterns above; empty when none. */
export function unreadTimeWords(text: string): string[] {
  return UNREAD.map((p) => p.exec(text)?.[0].trim()).filter((w): w is string => w !== undefined && w !== '');
}
