import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { remindersToIcs, type CalendarReminder } from '../../core/calendar/index.ts';
import { parseReminder, upcomingOccurrences } from '../../core/time/index.ts';

// Tuesday 24 Nov 2026, 14:00 UTC: the spans below cross the EU, US and Australian DST changes of 2027.
const NOW = new Date('2026-11-24T14:00:00Z');

function reminderFrom(phrase: string, tz: string, shortId: number): CalendarReminder {
  const parsed = parseReminder(phrase, { tz, now: NOW });
  if (!parsed.ok) throw new Error(`${phrase}: ${parsed.message}`);
  return { id: `01JTEST${String(shortId).padStart(19, '0')}`, shortId, text: parsed.text, schedule: parsed.schedule, tz, dueAt: parsed.dueAt.toISOString() };
}

/** Occurrences a maintained ICS parser (ical.js) expands from the file, as UTC instants. */
function parsedOccurrences(ics: string, uid: string, count: number): string[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const vevent = calendar.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('uid') === uid);
  if (!vevent) throw new Error(`no VEVENT ${uid}`);
  const event = new ICAL.Event(vevent);
  const out: string[] = [];
  const it = event.iterator();
  for (let next = it.next(); next && out.length < count; next = it.next()) {
    const at = next.toJSDate();
    if (at.getTime() > NOW.getTime()) out.push(at.toISOString());
  }
  return out;
}

const PHRASES: Array<[phrase: string, tz: string]> = [
  ['every other monday at 10 1:1', 'Europe/Berlin'],
  ['every day at 8 and 20 pills', 'America/New_York'],
  ['every last workday of the month at 17 invoices', 'Australia/Sydney'],
  ['every 2 months on the 1st report', 'Europe/Berlin'],
  ['every weekday at 9am and 5pm log', 'America/Los_Angeles'],
  ['every first monday of the month at 9 budget', 'Asia/Tokyo'],
  ['every 3 days at 7:30 water, 10 times', 'Australia/Sydney'],
  ['every sunday evening plants until june 30', 'Europe/Berlin'],
];

describe('calendar export (.ics)', () => {
  it('a maintained ICS parser expands the same occurrences as Nudge, across DST in the EU, US and Australia', () => {
    // Prepare
    const reminders = PHRASES.map(([phrase, tz], i) => reminderFrom(phrase, tz, i + 1));
    // Act
    const ics = remindersToIcs(reminders, NOW);
    // Assess
    for (const r of reminders) {
      if (r.schedule.kind !== 'recurring') throw new Error('expected recurring');
      const ours = upcomingOccurrences(r.schedule, NOW, 60).map((d) => d.toISOString());
      expect(parsedOccurrences(ics, `${r.id}@nudge`, 60), `${r.text} (${r.tz})`).toEqual(ours);
    }
  });

  it('writes one VEVENT per reminder with its RRULE and an alarm, escaped and folded', () => {
    // Prepare
    const long = reminderFrom('tomorrow at 10 call Anna; bring the keys, the charger and the long list of things we said we would sort out', 'Europe/Berlin', 9);
    const repeating = reminderFrom('every 2 weeks on friday payroll', 'Europe/Berlin', 10);
    // Act
    const ics = remindersToIcs([long, repeating], NOW);
    // Assess
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(2);
    expect(events[0]?.getFirstPropertyValue('summary')).toBe(long.text);
    expect(events[0]?.getFirstPropertyValue('dtstart')?.toString()).toBe('2026-11-25T09:00:00Z');
    expect(events[1]?.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=9;BYMINUTE=0');
    expect(events.every((e) => e.getFirstSubcomponent('valarm')?.getFirstPropertyValue('action') === 'DISPLAY')).toBe(true);
  });
});
