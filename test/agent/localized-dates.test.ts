import { describe, expect, it } from 'vitest';
import { readReminderPhrase } from '../../agent/i18n/read-phrase.ts';

// A numeric date the other languages' parsers misread ("am 03.12." as 03:12) is refused, never saved as a guess;
// dates they read, and numbers that are part of the text, pass; "um 5" offers 17:00 too. Now: Tue 24 Nov 2026 10:00 in Berlin.

const context = { tz: 'Europe/Berlin', now: new Date('2026-11-24T09:00:00Z') };

describe('dates left half-read in German, French and Dutch are refused', () => {
  it.each([
    ['de', 'am 03.12. um 10 Uhr Zahnarzt', '„03.12.“'],
    ['de', 'am 3 Dezember um 10 Uhr Zahnarzt', '„3 Dezember“'],
    ['fr', 'le 03/12 à 10h dentiste', '« 03/12 »'],
    ['nl', 'op 03-12 om 10 uur tandarts', '„03-12”'],
  ] as const)('%s: %s', (language, phrase, named) => {
    const parsed = readReminderPhrase(language, phrase, context);
    expect(parsed).toMatchObject({ ok: false, error: 'unread' });
    expect(!parsed.ok && parsed.message).toContain(named);
  });
});

describe('what the parsers read stays as it was', () => {
  it.each([
    ['de', 'erinnere mich am 3. Dezember um 10 Uhr an den Zahnarzt', '2026-12-03T09:00:00.000Z', 'den Zahnarzt'],
    ['es', 'el 03/12 a las 10 dentista', '2026-12-03T09:00:00.000Z', 'dentista'],
    ['de', 'um 9.30 Zahnarzt', '2026-11-25T08:30:00.000Z', 'Zahnarzt'],
    ['de', 'morgen um 9 3 Äpfel kaufen', '2026-11-25T08:00:00.000Z', '3 Äpfel kaufen'],
    ['fr', 'demain à 9h acheter 2 baguettes', '2026-11-25T08:00:00.000Z', 'acheter 2 baguettes'],
  ] as const)('%s: %s', (language, phrase, dueAt, text) => {
    const parsed = readReminderPhrase(language, phrase, context);
    expect(parsed.ok && [parsed.dueAt.toISOString(), parsed.text]).toEqual([dueAt, text]);
  });
});

describe('an hour without a day or day part in the other languages', () => {
  it('keeps the language\'s reading and offers the other half of the day: "um 5" is 05:00, 17:00 today one tap away', () => {
    const parsed = readReminderPhrase('de', 'erinnere mich um 5 an Mama', context);
    expect(parsed.ok && [parsed.dueAt.toISOString(), parsed.alternatives?.map((a) => [a.reason, a.dueAt.toISOString()])]).toEqual([
      '2026-11-25T04:00:00.000Z', [['half-day', '2026-11-24T16:00:00.000Z']],
    ]);
  });

  it.each([['de', 'um 17 Uhr Mama'], ['de', 'morgen um 5 Mama'], ['de', 'um 05:00 Mama'], ['de', 'um 5 Uhr abends Mama']] as const)('%s: %s has no alternative', (language, phrase) => {
    const parsed = readReminderPhrase(language, phrase, context);
    expect(parsed.ok && parsed.alternatives).toBeUndefined();
  });
});

describe('a repeating rule with an hour alone in the other languages', () => {
  // Each keeps the hour as written (what the same rule says with a 24-hour time), and the other half is one tap away.
  it.each([
    ['de', 'jeden Tag um 5 Tabletten', 'jeden Tag um 05:00 Tabletten', 'jeden Tag um 17:00 Tabletten', '17:00'],
    ['de', 'jeden Montag um 7 Sport', 'jeden Montag um 07:00 Sport', 'jeden Montag um 19:00 Sport', '19:00'],
    ['de', 'werktags um 8 Standup', 'werktags um 08:00 Standup', 'werktags um 20:00 Standup', '20:00'],
    ['es', 'todos los días a las 9 pastillas', 'todos los días a las 09:00 pastillas', 'todos los días a las 21:00 pastillas', '21:00'],
    ['fr', 'tous les jours à 5 pilules', 'tous les jours à 05:00 pilules', 'tous les jours à 17:00 pilules', '17:00'],
    ['pt', 'todos os dias às 5 remédio', 'todos os dias às 05:00 remédio', 'todos os dias às 17:00 remédio', '17:00'],
    ['nl', 'elke dag om 5 pillen', 'elke dag om 05:00 pillen', 'elke dag om 17:00 pillen', '17:00'],
  ] as const)('%s: %s', (language, phrase, asWritten, other, label) => {
    const parsed = readReminderPhrase(language, phrase, context);
    const taken = readReminderPhrase(language, asWritten, context);
    const evening = readReminderPhrase(language, other, context);
    if (!parsed.ok || !taken.ok || !evening.ok) throw new Error(`${phrase} was not read`);
    expect([parsed.kind, parsed.text, parsed.schedule, parsed.dueAt]).toEqual(['recurring', taken.text, taken.schedule, taken.dueAt]);
    expect(parsed.alternatives).toEqual([{ reason: 'half-day', written: expect.any(String), label, dueAt: evening.dueAt, schedule: evening.schedule }]);
    // The English line ("write 5pm …") is not put before a reader of another language; the button says it.
    expect(parsed.notes).toBeUndefined();
  });

  it.each([
    ['de', 'jeden Tag um 5 Uhr Tabletten'], ['de', 'jeden Tag um 17 Uhr Tabletten'], ['de', 'jeden Abend um 7 Tabletten'], ['de', 'jeden Tag um 8 und 20 Tabletten'],
    ['fr', 'tous les jours à 5h pilules'], ['fr', 'tous les jours à 17h pilules'], ['nl', 'elke dag om 5 uur pillen'], ['pt', 'todos os dias às 5h remédio'],
    ['es', 'todos los días a las 17 pastillas'], ['es', 'todos los días a las 05:00 pastillas'],
  ] as const)('%s: %s has no alternative', (language, phrase) => {
    const parsed = readReminderPhrase(language, phrase, context);
    expect(parsed.ok && [parsed.kind, parsed.alternatives]).toEqual(['recurring', undefined]);
  });
});
