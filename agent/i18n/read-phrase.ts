import { parseReminder } from '../../core/time/index.ts';
import type { Language } from './languages.ts';
import { parseLocalized, type LocalizedParse } from './parse-localized.ts';

/**
 * Reads a reminder phrase in the chat's language. English goes straight to the time language; other
 * languages are read by their own parser first, and by the English one when theirs finds no time
 * (commands and examples are often typed in English whatever the chat's language).
 */
export function readReminderPhrase(language: Language | undefined, text: string, context: { tz: string; now: Date }): LocalizedParse {
  if (!language || language === 'en') return parseReminder(text, context);
  const local = parseLocalized(language, text, context);
  if (local.ok || local.error !== 'no_time') return local;
  const english = parseReminder(text, context);
  return english.ok ? english : local;
}
