import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../agent/i18n/languages.ts';
import { de } from '../../agent/i18n/messages/de.ts';
import { en, type Catalog } from '../../agent/i18n/messages/en.ts';
import { es } from '../../agent/i18n/messages/es.ts';
import { fr } from '../../agent/i18n/messages/fr.ts';
import { nl } from '../../agent/i18n/messages/nl.ts';
import { pt } from '../../agent/i18n/messages/pt.ts';

// Every language answers every sentence English has: a key missing from a catalog would silently fall back
// to English in the middle of a German conversation. And each translation takes the same values as the
// English one, so no "{n}" is dropped or misspelt.

const CATALOGS: Record<Exclude<(typeof LANGUAGES)[number], 'en'>, Catalog> = { de, fr, es, pt, nl };

type Element = { type: number; value?: unknown; options?: Record<string, { value: Element[] }>; children?: Element[] };

/** Argument names a message uses ({n}, {day, select, …}), nested ones included. */
function argumentNames(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: Element[]) => {
    for (const element of elements) {
      // 0 literal, 7 pound, 8 tag: no argument of their own.
      if (element.type !== 0 && element.type !== 7 && element.type !== 8 && typeof element.value === 'string') names.add(element.value);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
      walk(element.children ?? []);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as Element[]);
  return [...names].sort();
}

describe.each(Object.entries(CATALOGS))('the %s catalog', (language, catalog) => {
  it('has every key the English catalog has, and no other', () => {
    expect(Object.keys(en).filter((key) => !(key in catalog)), 'missing').toEqual([]);
    expect(Object.keys(catalog).filter((key) => !(key in en)), 'unknown').toEqual([]);
  });

  it('uses the same values as English in each message, and every message compiles', () => {
    const differing = Object.entries(catalog).flatMap(([key, message]) => {
      const want = argumentNames(en[key as keyof typeof en], 'en');
      const got = argumentNames(message as string, language);
      return want.join(',') === got.join(',') ? [] : [`${key}: ${got.join(',')} (English: ${want.join(',')})`];
    });
    expect(differing).toEqual([]);
  });
});
