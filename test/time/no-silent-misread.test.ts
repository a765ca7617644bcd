import { describe, expect, it } from 'vitest';
import { parseReminder } from '../../core/time/index.ts';

/**
 * The no-silent-misread guard: thousands of generated requests, each with one schedule and — in some — an
 * extra time, date or repetition fragment the grammar may or may not read. A reminder counts as saved
 * silently when it parses with nothing flagged as unread; its text must then hold none of the fragment's
 * time words. Either the parser read the fragment, or it says it is unsure.
 */

const NOW = new Date('2026-11-24T14:00:00Z');
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo', 'UTC'];

const PREFIXES = ['', 'remind me ', 'please remind me to ', '/remind ', 'remind me to '];
const SCHEDULES = ['every day at 8', 'tomorrow at 10', 'every monday', 'every weekday at 9am', 'in 2 hours', 'every other friday', 'on friday at 18:00', 'every 3 days', 'twice a day at 8 and 20', 'every sunday evening'];
const TEXTS = ['take pills', 'call the bank', 'water plants', 'pay rent', 'stretch'];
/** Fragments with the words that are time words in them (checked in the saved text). */
const FRAGMENTS: Array<[fragment: string, timeWords: RegExp]> = [
  ['', /$^/],
  ['and 20', /\b20\b/],
  ['and 8pm', /\b8\s*pm\b/i],
  ['evening', /\bevening\b/i],
  ['in the morning', /\bmorning\b/i],
  ['on 03.12', /03\.12/],
  ['on 12/03', /12\/03/],
  ['starting january 1', /\bjanuary\b/i],
  ['until march 3', /\bmarch\b/i],
  ['every other week', /\bevery\s+other\b/i],
  ['at 17:30', /17:30/],
  ['next tuesday', /\btuesday\b/i],
  ['tonight', /\btonight\b/i],
  ['for 5 days', /\b5 days\b/i],
];

function* phrasings(): Generator<[tz: string, phrase: string, timeWords: RegExp]> {
  let i = 0;
  for (const schedule of SCHEDULES) for (const text of TEXTS) for (const [fragment, words] of FRAGMENTS) {
    const prefix = PREFIXES[i % PREFIXES.length] ?? '';
    const tz = ZONES[i % ZONES.length] ?? 'UTC';
    i++;
    // The fragment after the schedule, after the text, and between them.
    yield [tz, `${prefix}${schedule} ${fragment} ${text}`.replace(/\s+/g, ' ').trim(), words];
    yield [tz, `${prefix}${text} ${schedule} ${fragment}`.replace(/\s+/g, ' ').trim(), words];
    yield [tz, `${prefix}${schedule} ${text} ${fragment}`.replace(/\s+/g, ' ').trim(), words];
  }
}

describe('no silent misreads', () => {
  it('never saves a text that still holds a time phrase the parser skipped, over thousands of phrasings', () => {
    // Prepare
    const all = [...phrasings()];
    const silentMisreads: string[] = [];
    let saved = 0;
    let asked = 0;
    // Act
    for (const [tz, phrase, timeWords] of all) {
      const r = parseReminder(phrase, { tz, now: NOW });
      if (!r.ok) continue;
      if (r.unread.length > 0) { asked++; continue; }
      saved++;
      if (timeWords.test(r.text) || /\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\d{1,2}[:.]\d{2}/i.test(r.text)) silentMisreads.push(`${tz}: "${phrase}" → text "${r.text}"`);
    }
    // Assess
    expect(all.length).toBeGreaterThanOrEqual(2000);
    expect(saved).toBeGreaterThan(500);
    expect(asked).toBeGreaterThan(100);
    expect(silentMisreads).toEqual([]);
  });

  it('the issue\'s silent misreads are now read, or asked about', () => {
    const read = (phrase: string): string => {
      const r = parseReminder(phrase, { tz: 'Europe/Berlin', now: NOW });
      if (!r.ok) return `error ${r.error}`;
      return r.unread.length > 0 ? `unsure ${r.unread.join('|')}` : `${r.schedule.kind === 'recurring' ? r.schedule.rrule : r.dueAt.toISOString()} ${r.text}`;
    };
    expect(read('remind me every day at 8am and 8pm to take pills')).toBe('FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0 take pills');
    expect(read('remind me twice a day at 8 and 20 to take pills')).toBe('FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0 take pills');
    expect(read('remind me every other monday at 10 about the 1:1')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0 the 1:1');
    expect(read('every sunday evening water plants')).toBe('FREQ=WEEKLY;BYDAY=SU;BYHOUR=19;BYMINUTE=0 water plants');
    expect(read('remind me on 03.12 at 10 dentist')).toBe('2026-12-03T09:00:00.000Z dentist');
    expect(read('every day at 9 starting january 1 vitamins')).toBe('FREQ=DAILY;BYHOUR=9;BYMINUTE=0 vitamins');
    expect(read('every 2 weeks on friday payroll')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=9;BYMINUTE=0 payroll');
    expect(read('fortnightly on tuesday bins')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=9;BYMINUTE=0 bins');
  });
});
