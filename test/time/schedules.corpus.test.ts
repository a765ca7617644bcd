import { describe, expect, it } from 'vitest';
import { parseReminder, upcomingOccurrences } from '../../core/time/index.ts';
import { RecurringSchedule } from '../../schema/index.ts';

/**
 * The long tail of repeating phrases (issue #14), in five zones, read at instants just before each DST change
 * of the US, the EU and Australia. Expected first occurrences are written as UTC instants worked out by hand
 * from each zone's offsets on that date; the rule text is the RFC 5545 RRULE stored.
 */

type Row = [tz: string, now: string, phrase: string, rrule: string, first: string, second: string, text: string];

const B = 'Europe/Berlin', N = 'America/New_York', S = 'Australia/Sydney', L = 'America/Los_Angeles', U = 'UTC';

// Sat 27 Mar 2027 12:00Z: Berlin springs forward Sun 28 Mar 02:00 → 03:00 (UTC+1 → UTC+2).
const EU_SPRING = '2027-03-27T12:00:00Z';
// Sat 30 Oct 2027 12:00Z: Berlin falls back Sun 31 Oct 03:00 → 02:00 (UTC+2 → UTC+1).
const EU_FALL = '2027-10-30T12:00:00Z';
// Sat 13 Mar 2027 12:00Z: New York springs forward Sun 14 Mar 02:00 → 03:00 (UTC−5 → UTC−4); LA likewise (−8 → −7).
const US_SPRING = '2027-03-13T12:00:00Z';
// Sat 6 Nov 2027 12:00Z: New York falls back Sun 7 Nov 02:00 → 01:00 (UTC−4 → UTC−5).
const US_FALL = '2027-11-06T12:00:00Z';
// Sat 3 Apr 2027 00:00Z (11:00 Sydney): Sydney falls back Sun 4 Apr 03:00 → 02:00 (UTC+11 → UTC+10).
const AU_FALL = '2027-04-03T00:00:00Z';
// Sat 2 Oct 2027 00:00Z (10:00 Sydney): Sydney springs forward Sun 3 Oct 02:00 → 03:00 (UTC+10 → UTC+11).
const AU_SPRING = '2027-10-02T00:00:00Z';

const ROWS: Row[] = [
  // Several times a day across each change: 08:00 and 20:00 local keep their wall time.
  [B, EU_SPRING, 'every day at 8 and 20 pills', 'FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0', '2027-03-27T19:00:00Z', '2027-03-28T06:00:00Z', 'pills'],
  [B, EU_FALL, 'twice a day at 8 and 20 pills', 'FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0', '2027-10-30T18:00:00Z', '2027-10-31T07:00:00Z', 'pills'],
  [N, US_SPRING, 'every day at 8am and 8pm pills', 'FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0', '2027-03-13T13:00:00Z', '2027-03-14T01:00:00Z', 'pills'],
  [N, US_FALL, 'every day at 8 and 20 pills', 'FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0', '2027-11-07T00:00:00Z', '2027-11-07T13:00:00Z', 'pills'],
  [S, AU_FALL, 'every day at 8 and 20 pills', 'FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0', '2027-04-03T09:00:00Z', '2027-04-03T22:00:00Z', 'pills'],
  [S, AU_SPRING, 'every day at 8 and 20 pills', 'FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0', '2027-10-02T10:00:00Z', '2027-10-02T21:00:00Z', 'pills'],
  // A time inside the spring-forward gap fires at the jump; inside the repeated hour, once.
  [B, EU_SPRING, 'every day at 2:30 night pill', 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30', '2027-03-28T01:00:00Z', '2027-03-29T00:30:00Z', 'night pill'],
  [B, EU_FALL, 'every day at 2:30 night pill', 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30', '2027-10-31T00:30:00Z', '2027-11-01T01:30:00Z', 'night pill'],
  [N, US_SPRING, 'every sunday at 2:30 night pill', 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30', '2027-03-14T07:00:00Z', '2027-03-21T06:30:00Z', 'night pill'],
  [N, US_FALL, 'every day at 1:30 night pill', 'FREQ=DAILY;BYHOUR=1;BYMINUTE=30', '2027-11-07T05:30:00Z', '2027-11-08T06:30:00Z', 'night pill'],
  [S, AU_SPRING, 'every day at 2:30 night pill', 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30', '2027-10-02T16:00:00Z', '2027-10-03T15:30:00Z', 'night pill'],
  [S, AU_FALL, 'every day at 2:30 night pill', 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30', '2027-04-03T15:30:00Z', '2027-04-04T16:30:00Z', 'night pill'],
  // Every N hours counts elapsed time, so the change does not stretch or shrink the gap.
  [B, EU_SPRING, 'every 3 hours pills', 'FREQ=HOURLY;INTERVAL=3', '2027-03-27T15:00:00Z', '2027-03-27T18:00:00Z', 'pills'],
  [N, US_FALL, 'every 90 minutes stretch', 'FREQ=MINUTELY;INTERVAL=90', '2027-11-06T13:30:00Z', '2027-11-06T15:00:00Z', 'stretch'],
  // …while a window aligns to the wall clock.
  [B, EU_SPRING, 'every 3 hours from 9 to 21 pills', 'FREQ=DAILY;BYHOUR=9,12,15,18,21;BYMINUTE=0', '2027-03-27T14:00:00Z', '2027-03-27T17:00:00Z', 'pills'],
  [S, AU_FALL, 'every 3 hours from 9 to 21 pills', 'FREQ=DAILY;BYHOUR=9,12,15,18,21;BYMINUTE=0', '2027-04-03T01:00:00Z', '2027-04-03T04:00:00Z', 'pills'],
  // Intervals: the first match after now, then every N units in wall-clock time.
  [B, EU_SPRING, 'every other monday at 10 1:1', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0', '2027-03-29T08:00:00Z', '2027-04-12T08:00:00Z', '1:1'],
  [N, US_SPRING, 'every 2 weeks on friday payroll', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=9;BYMINUTE=0', '2027-03-19T13:00:00Z', '2027-04-02T13:00:00Z', 'payroll'],
  [S, AU_SPRING, 'fortnightly on tuesday bins', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=9;BYMINUTE=0', '2027-10-04T22:00:00Z', '2027-10-18T22:00:00Z', 'bins'],
  [L, US_SPRING, 'every 3 days water', 'FREQ=DAILY;INTERVAL=3;BYHOUR=9;BYMINUTE=0', '2027-03-13T17:00:00Z', '2027-03-16T16:00:00Z', 'water'],
  [U, US_SPRING, 'every 6 weeks haircut', 'FREQ=WEEKLY;INTERVAL=6;BYDAY=SA;BYHOUR=9;BYMINUTE=0', '2027-03-20T09:00:00Z', '2027-05-01T09:00:00Z', 'haircut'],
  [B, EU_FALL, 'every 2 months on the 1st report', 'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0', '2027-11-01T08:00:00Z', '2028-01-01T08:00:00Z', 'report'],
  [N, US_FALL, 'every quarter review', 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=6;BYHOUR=9;BYMINUTE=0', '2027-11-06T13:00:00Z', '2028-02-06T14:00:00Z', 'review'],
  [S, AU_FALL, 'every last workday of the month invoices', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=9;BYMINUTE=0', '2027-04-29T23:00:00Z', '2027-05-30T23:00:00Z', 'invoices'],
  // Day parts.
  [B, EU_SPRING, 'every sunday evening water plants', 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=19;BYMINUTE=0', '2027-03-28T17:00:00Z', '2027-04-04T17:00:00Z', 'water plants'],
  [N, US_SPRING, 'every weekday morning news', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0', '2027-03-15T13:00:00Z', '2027-03-16T13:00:00Z', 'news'],
  [S, AU_SPRING, 'every weekday at 9am and 5pm log', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,17;BYMINUTE=0', '2027-10-03T22:00:00Z', '2027-10-04T06:00:00Z', 'log'],
  // Start and end.
  [B, EU_FALL, 'every day at 9 starting december 1 vitamins', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2027-12-01T08:00:00Z', '2027-12-02T08:00:00Z', 'vitamins'],
  [N, US_FALL, 'every day at 9 from december 7 until february 1 standup', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2027-12-07T14:00:00Z', '2027-12-08T14:00:00Z', 'standup'],
  [U, AU_FALL, 'every day at 9 for 5 days stretch', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2027-04-03T09:00:00Z', '2027-04-04T09:00:00Z', 'stretch'],
];

describe('repeating phrases across DST in the EU, the US and Australia', () => {
  it.each(ROWS.map((r) => [r[0], r[1], r[2], r] as const))('%s at %s: %s', (_tz, _now, _phrase, [tz, now, phrase, rrule, first, second, text]) => {
    // Act
    const r = parseReminder(phrase, { tz, now: new Date(now) });
    // Assess
    if (!r.ok) throw new Error(`${r.error}: ${r.message}`);
    expect(r.kind).toBe('recurring');
    if (r.kind !== 'recurring') return;
    const next = upcomingOccurrences(r.schedule, new Date(now), 2).map((d) => d.toISOString());
    expect({ rrule: r.schedule.rrule, text: r.text, unread: r.unread, next })
      .toEqual({ rrule, text, unread: [], next: [new Date(first).toISOString(), new Date(second).toISOString()] });
  });
});

describe('rows written in the cron format', () => {
  it('still validate and keep firing at their local time across DST', () => {
    // Prepare: a schedule exactly as rows were stored before RFC 5545 rules.
    const row = { kind: 'recurring', cron: '30 8 * * 1-5', tz: 'Europe/Berlin' };
    const parsed = RecurringSchedule.safeParse(row);
    // Act
    const next = parsed.success ? upcomingOccurrences(parsed.data, new Date(EU_SPRING), 2).map((d) => d.toISOString()) : [];
    // Assess: Fri 26 Mar is past; Mon 29 Mar 08:30 CEST, Tue 30 Mar 08:30 CEST.
    expect(parsed.success).toBe(true);
    expect(next).toEqual(['2027-03-29T06:30:00.000Z', '2027-03-30T06:30:00.000Z']);
  });

  it('a schedule with neither form, or both, is refused', () => {
    expect(RecurringSchedule.safeParse({ kind: 'recurring', tz: 'UTC' }).success).toBe(false);
    expect(RecurringSchedule.safeParse({ kind: 'recurring', tz: 'UTC', cron: '0 9 * * *', rrule: 'FREQ=DAILY', dtstart: '2026-11-25T09:00:00' }).success).toBe(false);
    expect(RecurringSchedule.safeParse({ kind: 'recurring', tz: 'UTC', rrule: 'FREQ=DAILY' }).success).toBe(false);
  });
});

describe('numeric dates in the chat region\'s order, and hours without am/pm', () => {
  const NOW = new Date('2026-11-24T14:00:00Z'); // 15:00 Berlin, 09:00 New York, 23:00 Tokyo, 01:00 (25th) Sydney
  const CASES: Array<[tz: string, phrase: string, due: string, note: RegExp | undefined]> = [
    ['Europe/Berlin', 'remind me on 03.12 at 10 dentist', '2026-12-03T09:00:00.000Z', /03\.12 as 3 December \(day first.*for 12 March/],
    ['America/New_York', 'remind me on 12/03 at 10 dentist', '2026-12-03T15:00:00.000Z', /12\/03 as 3 December \(month first.*for 12 March/],
    ['Australia/Sydney', 'on 03/12 at 10 dentist', '2026-12-02T23:00:00.000Z', /as 3 December \(day first/],
    ['Asia/Tokyo', 'on 12/03 at 10 dentist', '2026-12-03T01:00:00.000Z', /as 3 December \(month first/],
    ['Europe/Berlin', 'on 25.12 at 18:00 presents', '2026-12-25T17:00:00.000Z', undefined], // 12.25 is no date: no doubt
    ['America/New_York', 'on 12/25 at 6pm presents', '2026-12-25T23:00:00.000Z', undefined],
    ['Europe/Berlin', 'on 3.12.2027 at 9am renew', '2027-12-03T08:00:00.000Z', /as 3 December/],
    ['Europe/Berlin', 'at 5 call mom', '2026-11-24T16:00:00.000Z', /"5" as 17:00.*5am for the morning/],
    ['America/New_York', 'at 10 call mom', '2026-11-24T15:00:00.000Z', /"10" as 10:00.*10pm for the evening/],
    ['Asia/Tokyo', 'at 7 call mom', '2026-11-24T22:00:00.000Z', /"7" as 07:00/],
    ['Europe/Berlin', 'at 05:00 call mom', '2026-11-25T04:00:00.000Z', undefined], // a leading zero is a 24-hour time
    ['Europe/Berlin', 'at 17 call mom', '2026-11-24T16:00:00.000Z', undefined],
    // Repeating rules keep the hour as written and say so; the other half of the day is offered (other-reading.test.ts).
    ['Europe/Berlin', 'every day at 5 pills', '2026-11-25T04:00:00.000Z', /"5" as 05:00 each time; write 5pm for the evening/],
    ['Asia/Tokyo', 'every monday at 7 gym', '2026-11-29T22:00:00.000Z', /"7" as 07:00 each time/],
    ['America/New_York', 'every weekday at 9:15 standup', '2026-11-24T14:15:00.000Z', /"9:15" as 09:15 each time; write 9:15pm/],
    ['Europe/Berlin', 'every weekday at 9:15 standup', '2026-11-25T08:15:00.000Z', undefined], // 24-hour clock usual here
    ['Europe/Berlin', 'every day at 17 pills', '2026-11-24T16:00:00.000Z', undefined],
    ['Europe/Berlin', 'every day at 5pm pills', '2026-11-24T16:00:00.000Z', undefined],
  ];
  it.each(CASES)('%s: %s', (tz, phrase, due, note) => {
    const r = parseReminder(phrase, { tz, now: NOW });
    if (!r.ok) throw new Error(r.message);
    expect(r.dueAt.toISOString()).toBe(due);
    expect(r.unread).toEqual([]);
    if (note) expect(r.notes?.join(' ')).toMatch(note);
    else expect(r.notes).toBeUndefined();
  });

  it('a numeric date that is no date in either order is refused', () => {
    expect(parseReminder('on 31/31 at 10 x', { tz: 'Europe/Berlin', now: NOW })).toMatchObject({ ok: false, error: 'impossible_date' });
  });
});
