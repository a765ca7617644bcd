import { expect, it } from 'vitest';
import { readReminderPhrase } from '../../agent/i18n/read-phrase.ts';
import type { Language } from '../../agent/i18n/languages.ts';

// "every other monday", "every 2 weeks on friday", "every first/last monday of the month" in German,
// French, Spanish, Portuguese and Dutch read as the same RFC 5545 rules as in English. Pure: no server.

const NOW = new Date('2026-11-24T09:00:00.000Z');
const read = (language: Language, phrase: string) => {
  const parsed = readReminderPhrase(language, phrase, { tz: 'Europe/Berlin', now: NOW });
  return parsed.ok && parsed.schedule.kind === 'recurring' ? `${parsed.schedule.rrule} | ${parsed.text}` : `not read: ${parsed.ok ? parsed.kind : parsed.error}`;
};

it.each([
  ['de', 'jeden zweiten Montag um 10 Teamcall', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0 | Teamcall'],
  ['de', 'alle zwei Wochen am Freitag um 18 Uhr Gehalt', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=18;BYMINUTE=0 | Gehalt'],
  ['de', 'jeden letzten Freitag im Monat um 17 Uhr Bericht', 'FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=17;BYMINUTE=0 | Bericht'],
  ['fr', 'un lundi sur deux à 10h réunion', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0 | réunion'],
  ['fr', 'toutes les trois semaines le vendredi à 9h paie', 'FREQ=WEEKLY;INTERVAL=3;BYDAY=FR;BYHOUR=9;BYMINUTE=0 | paie'],
  ['fr', 'chaque dernier vendredi du mois à 17h bilan', 'FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=17;BYMINUTE=0 | bilan'],
  ['es', 'cada dos lunes a las 10 reunión', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0 | reunión'],
  ['es', 'el primer lunes de cada mes a las 9 presupuesto', 'FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9;BYMINUTE=0 | presupuesto'],
  ['pt', 'a cada duas semanas na sexta às 18h salário', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=18;BYMINUTE=0 | salário'],
  ['pt', 'toda primeira segunda do mês às 9 orçamento', 'FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9;BYMINUTE=0 | orçamento'],
  ['nl', 'om de week op maandag om 10 uur overleg', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0 | overleg'],
  ['nl', 'elke laatste vrijdag van de maand om 17:00 borrel', 'FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=17;BYMINUTE=0 | borrel'],
] as const)('%s: %s', (language, phrase, expected) => {
  expect(read(language, phrase)).toBe(expected);
});

it('ordinal words are time words only before a weekday: a reminder text keeps its own ("erste Hilfe", "om de 2 uur" stays hourly)', () => {
  expect(read('de', 'jeden Montag um 9 erste Hilfe Kurs')).toBe('FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0 | erste Hilfe Kurs');
  expect(read('nl', 'om de 2 uur water drinken')).toMatch(/^FREQ=HOURLY;INTERVAL=2.* \| water drinken$/);
});
