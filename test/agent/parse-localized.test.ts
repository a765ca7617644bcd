import { describe, expect, it } from 'vitest';
import { parseLocalized } from '../../agent/i18n/parse-localized.ts';
import { readManagementRequest } from '../../agent/plain-words.ts';

// The time language in de/fr/es/pt/nl, pure: text in, schedule out. The chat is in Berlin; the
// process runs in whatever TZ the test runner has (chrono-node must not depend on it).
const at = { tz: 'Europe/Berlin', now: new Date('2026-11-24T09:00:00Z') }; // Tue 10:00 in Berlin

describe('one-time and repeating phrases', () => {
  it.each([
    ['de', 'erinnere mich morgen um 9 an den Arzt', 'once', '2026-11-25T08:00:00.000Z', 'den Arzt'],
    ['de', 'morgen früh Gym', 'once', '2026-11-25T08:00:00.000Z', 'Gym'],
    ['de', 'am 5. Dezember Miete zahlen', 'once', '2026-12-05T08:00:00.000Z', 'Miete zahlen'],
    ['de', 'um 9 Uhr Zeitung', 'once', '2026-11-25T08:00:00.000Z', 'Zeitung'],
    ['fr', "rappelle-moi demain à 9h d'appeler le médecin", 'once', '2026-11-25T08:00:00.000Z', 'appeler le médecin'],
    ['es', 'en 2 horas revisar el horno', 'once', '2026-11-24T11:00:00.000Z', 'revisar el horno'],
    ['pt', 'sexta às 18h academia', 'once', '2026-11-27T17:00:00.000Z', 'academia'],
    ['nl', 'over 2 uur de oven controleren', 'once', '2026-11-24T11:00:00.000Z', 'de oven controleren'],
    ['de', 'montags und donnerstags um 18 Uhr Sport', 'recurring', '2026-11-26T17:00:00.000Z', 'Sport'],
    ['pt', 'a cada 2 horas beber água', 'recurring', '2026-11-24T11:00:00.000Z', 'beber água'],
    ['nl', 'elke 2 uur water drinken', 'recurring', '2026-11-24T11:00:00.000Z', 'water drinken'],
  ] as const)('%s: %s', (language, text, kind, dueAt, reminderText) => {
    const parsed = parseLocalized(language, text, at);
    expect(parsed).toMatchObject({ ok: true, kind, text: reminderText });
    expect(parsed.ok && parsed.dueAt.toISOString()).toBe(dueAt);
  });
});

describe('what is not read is refused, never guessed', () => {
  it.each([
    ['de', 'Milch kaufen', 'no_time'],
    ['de', 'morgen um 9', 'empty_text'],
    ['de', 'am 1. Januar 2020 Neujahr', 'past'],
    ['de', 'morgen um 10 Zahnarzt Freitag', 'unread'],
    ['fr', 'chaque fois demain à 9h café', 'unread'],
  ] as const)('%s: %s → %s', (language, text, error) => {
    expect(parseLocalized(language, text, at)).toMatchObject({ ok: false, error });
  });
});

describe('management words', () => {
  it.each([
    ['de', 'lösche 2', { kind: 'cancel', ref: 2 }],
    ['de', 'lösche die Pizza', { kind: 'cancel-words', words: 'Pizza' }],
    ['fr', "qu'est-ce que j'ai demain ?", { kind: 'day', day: 'tomorrow' }],
    ['es', '¿qué tengo hoy?', { kind: 'day', day: 'today' }],
    ['pt', 'mova #1 para as 21h', { kind: 'move', ref: 1, when: '21h' }],
    ['nl', 'sla 6 over', { kind: 'skip', ref: 6 }],
    ['en', 'rename #1 to Call Anna', { kind: 'rename', ref: 1, text: 'Call Anna' }],
    ['en', 'delete the pizza one', { kind: 'cancel-words', words: 'pizza' }],
  ] as const)('%s: %s', (language, text, request) => {
    expect(readManagementRequest(text, language)).toEqual(request);
  });

  it('a reminder text that merely contains a management word is not management', () => {
    expect(readManagementRequest('list the groceries for tomorrow at 5')).toBeUndefined();
    expect(readManagementRequest('Einkaufsliste morgen um 5', 'de')).toBeUndefined();
  });
});
