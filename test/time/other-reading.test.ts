import { describe, expect, it } from 'vitest';
import { decodeOtherReading, encodeOtherReading } from '../../core/other-reading-buttons.ts';
import { parseReminder, type ParsedReminder } from '../../core/time/index.ts';

// Issue #14: where a phrase reads two ways, the reading taken comes with the other one, structured, for a one-tap fix.
// Now: Tue 24 Nov 2026 09:00 UTC (10:00 in Berlin, 04:00 in New York). Run with any TZ: nothing here reads the process zone.

const NOW = new Date('2026-11-24T09:00:00Z');
const ok = (parsed: ParsedReminder) => {
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed;
};
const read = (text: string, tz = 'Europe/Berlin', now = NOW) => ok(parseReminder(text, { tz, now }));

describe('other readings of ambiguous dates', () => {
  it('03.12 in Berlin is 3 December; 12 March is the alternative, same text and kind', () => {
    const parsed = read('remind me on 03.12 at 10 dentist');
    expect(parsed.dueAt.toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(parsed.alternatives).toEqual([
      { reason: 'date-order', written: '03.12', label: '12 March', dueAt: new Date('2027-03-12T09:00:00Z'), schedule: { kind: 'once' } },
    ]);
  });

  it('12/03 in New York is 3 December (month first); 12 March is the alternative', () => {
    const parsed = read('12/03 at 10 dentist', 'America/New_York');
    expect(parsed.dueAt.toISOString()).toBe('2026-12-03T15:00:00.000Z');
    expect(parsed.alternatives?.map((a) => [a.label, a.dueAt.toISOString()])).toEqual([['12 March', '2027-03-12T15:00:00.000Z']]);
  });

  it('a repeating rule starting on an ambiguous date: the alternative is the same rule starting on the other date', () => {
    const parsed = read('every day at 9 starting 03.12 vitamins');
    expect(parsed.kind).toBe('recurring');
    expect(parsed.alternatives?.[0]?.schedule).toEqual({ kind: 'recurring', rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', dtstart: '2027-03-12T09:00:00', tz: 'Europe/Berlin' });
  });

  it('each ambiguous date is tried in the other order; one that makes no schedule (a start after its end) is not offered', () => {
    // 03.12 → 12 March would start after "until 5 January"; 05.01 → 1 May ends later: same first occurrence, another rule.
    // The bare "9" reads as 21:00 too (one tap each, see the repeating rules below).
    const parsed = read('every day at 9 from 03.12 until 05.01 vitamins');
    expect(parsed.alternatives?.map((a) => [a.written, a.label, a.dueAt.toISOString()])).toEqual([['05.01', '1 May', '2026-12-03T08:00:00.000Z'], ['at 9', '21:00', '2026-12-03T20:00:00.000Z']]);
    expect(parsed.alternatives?.[0]?.schedule).not.toEqual(parsed.schedule);
  });

  it('dates that read one way only have no alternative: 13.12, 03.03, 31/12', () => {
    for (const text of ['on 13.12 at 10 dentist', 'on 03.03 at 10 pay rent', 'on 31/12 at 10 party', 'on december 3 at 10 dentist']) expect(read(text).alternatives, text).toBeUndefined();
  });
});

describe('other readings of an hour without am/pm', () => {
  it('"at 5" at 10:00 is 17:00 today; 05:00 tomorrow is the alternative', () => {
    const parsed = read('at 5 call mom');
    expect(parsed.dueAt.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(parsed.alternatives).toEqual([{ reason: 'half-day', written: 'at 5', label: '05:00', dueAt: new Date('2026-11-25T04:00:00Z'), schedule: { kind: 'once' } }]);
  });

  it('"at 5" at 18:30 is 05:00 tomorrow; 17:00 tomorrow is the alternative', () => {
    const parsed = read('at 5 call mom', 'Europe/Berlin', new Date('2026-11-24T17:30:00Z'));
    expect([parsed.dueAt.toISOString(), parsed.alternatives?.[0]?.dueAt.toISOString()]).toEqual(['2026-11-25T04:00:00.000Z', '2026-11-25T16:00:00.000Z']);
  });

  it('"9:15" in a 24-hour-clock zone is 09:15 (tomorrow, as it has passed), 21:15 today the alternative', () => {
    for (const text of ['at 9:15 call', 'at 9.15 call']) {
      const parsed = read(text);
      expect(parsed.dueAt.toISOString(), text).toBe('2026-11-25T08:15:00.000Z');
      expect(parsed.notes, text).toEqual(['I took "9:15" as 09:15 (24-hour clock, as usual in Europe/Berlin); write 21:15 for the evening one.']);
      expect(parsed.alternatives?.[0]?.dueAt.toISOString(), text).toBe('2026-11-24T20:15:00.000Z');
    }
  });

  it('"9:15" where the 12-hour clock is usual is the next 9:15 of the two, the other one the alternative', () => {
    // 20:00 in New York and in London: the next 9:15 is the morning one; 21:15 today is one tap away.
    const evening = new Date('2026-11-25T01:00:00Z');
    const newYork = read('at 9:15 call', 'America/New_York', evening);
    expect([newYork.dueAt.toISOString(), newYork.alternatives?.[0]?.dueAt.toISOString()]).toEqual(['2026-11-25T02:15:00.000Z', '2026-11-25T14:15:00.000Z']);
    const london = read('at 9:15 call', 'Europe/London', new Date('2026-11-24T20:00:00Z'));
    expect([london.dueAt.toISOString(), london.alternatives?.[0]?.dueAt.toISOString()]).toEqual(['2026-11-24T21:15:00.000Z', '2026-11-25T09:15:00.000Z']);
  });

  it('said hours have no alternative: 5pm, 17:00, 05:00, a day part, a date with the hour', () => {
    for (const text of ['at 5pm call', 'at 17:00 call', 'at 05:00 call', 'at 5 in the evening call', 'tomorrow at 5 call']) {
      expect(read(text).alternatives, text).toBeUndefined();
    }
  });
});

describe('other readings of a repeating rule\'s hour without am/pm', () => {
  it('"every day at 5" keeps 05:00 every day and says so; the same rule at 17:00 is the alternative', () => {
    const parsed = read('every day at 5 take pills');
    expect([parsed.kind, parsed.text, parsed.dueAt.toISOString()]).toEqual(['recurring', 'take pills', '2026-11-25T04:00:00.000Z']);
    expect(parsed.schedule).toEqual({ kind: 'recurring', rrule: 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0', dtstart: '2026-11-25T05:00:00', tz: 'Europe/Berlin' });
    expect(parsed.notes).toEqual(['I took "5" as 05:00 each time; write 5pm for the evening one.']);
    expect(parsed.alternatives).toEqual([{
      reason: 'half-day', written: 'at 5', label: '17:00', dueAt: new Date('2026-11-24T16:00:00Z'),
      schedule: { kind: 'recurring', rrule: 'FREQ=DAILY;BYHOUR=17;BYMINUTE=0', dtstart: '2026-11-24T17:00:00', tz: 'Europe/Berlin' },
    }]);
  });

  it.each([
    ['every monday at 7 gym', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=0', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=19;BYMINUTE=0', '2026-11-30T18:00:00.000Z'],
    ['every weekday at 8 standup', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=20;BYMINUTE=0', '2026-11-24T19:00:00.000Z'],
    ['every month on the 15th at 11 rent', 'FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=11;BYMINUTE=0', 'FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=23;BYMINUTE=0', '2026-12-15T22:00:00.000Z'],
  ])('%s: the days stay, the hour moves to the other half', (text, taken, other, otherDue) => {
    const parsed = read(text);
    expect([parsed.schedule.kind === 'recurring' && parsed.schedule.rrule, parsed.alternatives?.map((a) => [a.reason, a.schedule.kind === 'recurring' && a.schedule.rrule, a.dueAt.toISOString()])])
      .toEqual([taken, [['half-day', other, otherDue]]]);
  });

  it('an end ("until …", "N times") is kept by the other reading', () => {
    for (const [text, end] of [['every day at 5 until december 31 pills', { until: '2026-12-31T22:59:59.999Z' }], ['every day at 5 for 3 times pills', { maxCount: 3 }]] as const) {
      expect(read(text).alternatives?.[0]?.schedule, text).toMatchObject({ rrule: 'FREQ=DAILY;BYHOUR=17;BYMINUTE=0', ...end });
    }
  });

  it('"9:15" in a rule is 09:15; where the 12-hour clock is usual 21:15 is one tap away, elsewhere it is a 24-hour time', () => {
    const newYork = read('every day at 9:15 call', 'America/New_York');
    expect([newYork.schedule.kind === 'recurring' && newYork.schedule.rrule, newYork.alternatives?.map((a) => a.label), newYork.notes])
      .toEqual(['FREQ=DAILY;BYHOUR=9;BYMINUTE=15', ['21:15'], ['I took "9:15" as 09:15 each time; write 9:15pm for the evening one.']]);
    expect(read('every day at 9:15 call', 'Europe/London').alternatives?.map((a) => a.label)).toEqual(['21:15']);
    for (const tz of ['Europe/Berlin', 'Europe/Paris', 'America/Sao_Paulo']) expect(read('every day at 9:15 call', tz).alternatives, tz).toBeUndefined();
  });

  it('several times: offered only when one hour alone is open and the others say their half of the day', () => {
    const parsed = read('every day at 8 and 5pm pills');
    expect([parsed.schedule.kind === 'recurring' && parsed.schedule.rrule, parsed.alternatives?.map((a) => [a.label, a.schedule.kind === 'recurring' && a.schedule.rrule])])
      .toEqual(['FREQ=DAILY;BYHOUR=8,17;BYMINUTE=0', [['20:00', 'FREQ=DAILY;BYHOUR=17,20;BYMINUTE=0']]]);
    // "8 and 20" is a 24-hour clock; "8 and 5" has two open hours (which one?); "8 and 8pm" already has the other half.
    for (const text of ['every day at 8 and 20 pills', 'every day at 8 and 5 pills', 'every day at 8 and 8pm pills', 'twice a day at 8 and 20 pills']) {
      const other = read(text);
      expect([other.alternatives, other.notes], text).toEqual([undefined, undefined]);
    }
  });

  it('said hours in a rule have no alternative and no note: 5pm, 17, 17:00, 05:00, 5:00, a day part, 0, 12, 13–23, a window', () => {
    const said = ['every day at 5pm x', 'every day at 5 pm x', 'every day at 5p.m. x', 'every day at 17 x', 'every day at 17:00 x', 'every day at 05:00 x', 'every day at 05 x',
      'every day at 5:00 x', 'every day at 5 in the evening x', 'every evening at 5 x', 'every morning at 5 x', 'every day at 0 x', 'every day at 12 x', 'every day at noon x',
      'every 2 hours from 9 to 17 x', 'every day x', 'every monday x', ...Array.from({ length: 11 }, (_, i) => `every day at ${13 + i} x`)];
    for (const text of said) {
      const parsed = read(text);
      expect([parsed.kind, parsed.alternatives, parsed.notes], text).toEqual(['recurring', undefined, undefined]);
    }
  });
});

describe('the button data', () => {
  it('round-trips, fits Telegram\'s 64 bytes with two ULIDs, and refuses anything else', () => {
    const ulid = '01KBX6Y8Z9ABCDEFGHJKMNPQRS';
    const press = { target: 'draft', id: ulid, altId: ulid } as const;
    expect(Buffer.byteLength(encodeOtherReading(press))).toBeLessThanOrEqual(64);
    expect(decodeOtherReading(encodeOtherReading(press))).toEqual(press);
    expect(decodeOtherReading(`alt:${ulid}:${ulid}`)).toEqual({ target: 'reminder', id: ulid, altId: ulid });
    for (const junk of ['alt:x:y', `alt:${ulid}`, `alt:${ulid}:${ulid}:1`, `dalt:${ulid}:../../etc`, `undo:${ulid}`, '']) expect(decodeOtherReading(junk), junk).toBeUndefined();
  });
});
