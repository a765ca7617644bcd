import { describe, expect, it } from 'vitest';
import { de } from '../../agent/i18n/messages/de.ts';
import { en, type MessageKey } from '../../agent/i18n/messages/en.ts';
import { es } from '../../agent/i18n/messages/es.ts';
import { fr } from '../../agent/i18n/messages/fr.ts';
import { nl } from '../../agent/i18n/messages/nl.ts';
import { pt } from '../../agent/i18n/messages/pt.ts';
import { t } from '../../agent/i18n/translate.ts';

// The schedule texts (issue #14: "then …" and the one-tap other reading) exist in all six catalogs, translated,
// with the same placeholders as the English ones, and format without error.

const KEYS: MessageKey[] = ['thenLabel', 'otherReadingButton', 'otherReadingAnswer', 'otherReadingDone', 'otherReadingAlready', 'otherReadingDraft', 'draftAlreadyAnswered'];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each([['de', de], ['fr', fr], ['es', es], ['pt', pt], ['nl', nl]] as const)('%s', (language, catalog) => {
  it.each(KEYS)('%s is translated, with the English placeholders', (key) => {
    const text = catalog[key];
    expect(text).toBeDefined();
    expect(text).not.toBe(en[key]);
    expect(placeholders(text ?? '')).toEqual(placeholders(en[key]));
    expect(t(language, key, { when: 'W', n: 3, line: 'L', text: 'T' })).not.toMatch(/[{}]/);
  });
});
