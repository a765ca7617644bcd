import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from './languages.ts';
import { de } from './messages/de.ts';
import { en, type Catalog, type MessageKey } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';
import { nl } from './messages/nl.ts';
import { pt } from './messages/pt.ts';

export type { MessageKey } from './messages/en.ts';

const CATALOGS: Record<Language, Catalog> = { en, de, fr, es, pt, nl };
const compiled = new Map<string, IntlMessageFormat>();

/**
 * A user-facing sentence in `language` from the ICU message catalogs, English when the catalog lacks
 * the key. Values are inserted as given (no HTML: Telegram messages are sent as plain text).
 *
 * @example t('de', 'cancelled', { n: 2, text: 'Pizza' }) // "🗑 Gelöscht: #2 — Pizza"
 */
export function t(language: Language | undefined, key: MessageKey, values: Record<string, string | number> = {}): string {
  const lang = language ?? 'en';
  const source = CATALOGS[lang][key] ?? en[key];
  const cacheKey = `${lang}:${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(source, lang, undefined, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  return String(format.format(values));
}
