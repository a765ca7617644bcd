import { describe, expect, it } from 'vitest';
import { prng } from '../support/seeded-random.ts';
import { parseReminder, type ParsedReminder } from '../../core/time/index.ts';

// A repeating rule with an hour and no am/pm ("every monday at 7") keeps the hour as written and offers the other
// half of the day with one tap. Checked on seeded random rules, zones and dates against the same rule written
// with an explicit 24-hour time, so the expectations never come from the code under test.

/** Which clock each zone's region writes, as the README lists them. */
const TWELVE_HOUR: Record<string, boolean> = {
  'Europe/Berlin': false, 'America/New_York': true, 'Asia/Tokyo': true, 'Asia/Kolkata': true, UTC: false,
  'Australia/Sydney': true, 'America/Sao_Paulo': false, 'Europe/London': true, 'Europe/Paris': false,
};
const ZONES = Object.keys(TWELVE_HOUR);
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const TEXTS = ['take pills', 'standup', 'water the plants', 'call grandma'];

const pad = (n: number): string => String(n).padStart(2, '0');

function ok(parsed: ParsedReminder, phrase: string): Extract<ParsedReminder, { ok: true }> {
  if (!parsed.ok || parsed.kind !== 'recurring') throw new Error(`${phrase}: ${JSON.stringify(parsed)}`);
  return parsed;
}

function* cases(count: number): Generator<{ rule: string; hour: number; minute: number; tz: string; now: Date; text: string }> {
  const rand = prng(2026);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  for (let i = 0; i < count; i++) {
    const rule = pick([
      'every day', `every ${pick(DAYS)}`, 'every weekday', `every other ${pick(DAYS)}`, `every month on the ${1 + Math.floor(rand() * 28)}th`,
      `every ${pick(['first', 'second', 'last'])} ${pick(DAYS)} of the month`, 'daily',
    ]);
    // Minutes from 10 on: "9:05" is read as a 24-hour time everywhere, as the one-time reading does.
    const minute = rand() < 0.5 ? 0 : pick([10, 15, 20, 30, 40, 45, 50]);
    yield {
      rule, hour: 1 + Math.floor(rand() * 11), minute, tz: pick(ZONES), text: pick(TEXTS),
      now: new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 2 * 365 * 86_400_000)),
    };
  }
}

describe('a repeating rule\'s hour without am/pm (random rules, seeded)', () => {
  it('keeps the hour as written, and offers the same rule in the other half of the day', () => {
    for (const { rule, hour, minute, tz, now, text } of cases(300)) {
      // Prepare
      const written = minute === 0 ? `${hour}` : `${hour}:${pad(minute)}`;
      const phrase = `${rule} at ${written} ${text}`;
      const morning = ok(parseReminder(`${rule} at ${pad(hour)}:${pad(minute)} ${text}`, { tz, now }), phrase);
      const evening = ok(parseReminder(`${rule} at ${hour + 12}:${pad(minute)} ${text}`, { tz, now }), phrase);
      // Act
      const parsed = ok(parseReminder(phrase, { tz, now }), phrase);
      // Assess
      const where = `${phrase} in ${tz} at ${now.toISOString()}`;
      expect([parsed.text, parsed.dueAt, parsed.schedule], where).toEqual([text, morning.dueAt, morning.schedule]);
      const open = minute === 0 || TWELVE_HOUR[tz];
      expect(parsed.alternatives, where).toEqual(open
        ? [{ reason: 'half-day', written: `at ${written}`, label: `${hour + 12}:${pad(minute)}`, dueAt: evening.dueAt, schedule: evening.schedule }]
        : undefined);
      expect(parsed.notes?.length ?? 0, where).toBe(open ? 1 : 0);
    }
  });

  it('the same rule with the half of the day said has no alternative', () => {
    for (const { rule, hour, tz, now, text } of cases(150)) {
      for (const said of [`${hour}pm`, `${hour}am`, `${pad(hour)}:00`, `${hour + 12}`, `${hour}:00`, `${hour} in the evening`]) {
        const phrase = `${rule} at ${said} ${text}`;
        const parsed = ok(parseReminder(phrase, { tz, now }), phrase);
        expect([parsed.alternatives, parsed.notes], `${phrase} in ${tz}`).toEqual([undefined, undefined]);
      }
    }
  });
});
