import type { Language } from './languages.ts';

/**
 * Date words the other languages' parsers leave in a reminder text when they misread a date: a numeric
 * date cut in half ("am 03.12." read as 03:12 leaves "am . um 10:00"; "le 03/12" leaves "le 03/") or a
 * month name next to a number ("am 3 Dezember" without the dot). Any of them means the date was not read,
 * so the reading is unsure and is shown before anything is saved — never saved as a guess.
 */
const NUMERIC_REMNANT = /\d\s*[./:-]|[./:-]\s*\d|(?:^|\s)[./-](?=\s|$)/;

const monthPatterns = new Map<Language, RegExp>();

/** "3 Dezember", "dezembro 3", "3 de diciembre", "3. Dez.": a number beside a month's long or short name. */
function monthNextToNumber(language: Language): RegExp {
  let pattern = monthPatterns.get(language);
  if (!pattern) {
    const names = new Set<string>();
    for (let month = 0; month < 12; month++) {
      for (const style of ['long', 'short'] as const) {
        const name = new Intl.DateTimeFormat(language, { month: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2026, month, 15))).toLowerCase().replace(/\.$/, '');
        if (name.length >= 3) names.add(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      }
    }
    const alternatives = [...names].sort((a, b) => b.length - a.length).join('|');
    pattern = new RegExp(`\\d{1,2}\\.?\\s+(?:de\\s+)?(?:${alternatives})\\.?(?![\\p{L}])|(?<![\\p{L}])(?:${alternatives})\\.?\\s+\\d{1,2}\\b`, 'iu');
    monthPatterns.set(language, pattern);
  }
  return pattern;
}

/** A numeric date as the person wrote it ("03.12.", "03/12"), to name it rather than the "." the misread left. */
const NUMERIC_DATE = /\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\.?/;

/** The first date remnant in `text` (what was left of `written`), or undefined when none is left. */
export function dateRemnant(language: Language, text: string, written: string): string | undefined {
  if (NUMERIC_REMNANT.test(text)) return NUMERIC_DATE.exec(written)?.[0] ?? NUMERIC_REMNANT.exec(text)?.[0].trim();
  return monthNextToNumber(language).exec(text)?.[0].trim();
}
