import { describe, expect, it } from 'vitest';
import { describeSchedule, parseReminder, upcomingOccurrences, type ParseErrorCode } from '../../core/time/index.ts';

// Tuesday 24 Nov 2026: 15:00 in Berlin, 09:00 in New York, 23:00 in Tokyo, 19:30 in Kolkata, 14:00 UTC.
const NOW = new Date('2026-11-24T14:00:00Z');

// Standard-time offsets, written out by hand so expectations don't reuse the code's own zone arithmetic.
// Every local time below falls in standard time unless it is given as an explicit UTC instant ("…Z").
const WINTER_OFFSET_MIN: Record<string, number> = {
  'Europe/Berlin': 60, 'America/New_York': -300, 'Asia/Tokyo': 540, 'Asia/Kolkata': 330, UTC: 0,
};

function utc(tz: string, local: string): string {
  if (local.endsWith('Z')) return new Date(local).toISOString();
  const [date = '', time = ''] = local.split(' ');
  const offset = WINTER_OFFSET_MIN[tz];
  if (offset === undefined) throw new Error(`no offset for ${tz}`);
  return new Date(Date.parse(`${date}T${time}:00Z`) - offset * 60_000).toISOString();
}

type Row =
  | [tz: string, phrase: string, kind: 'once', due: string, text: string]
  | [tz: string, phrase: string, kind: 'rule', rrule: string, first: string, text: string]
  | [tz: string, phrase: string, kind: 'error', code: ParseErrorCode];

const B = 'Europe/Berlin', N = 'America/New_York', T = 'Asia/Tokyo', K = 'Asia/Kolkata', U = 'UTC';
const ZONES = [B, N, T, K, U] as const;

/** The same phrase in every zone: expectations per zone, in zone order B, N, T, K, U. */
function everywhere(phrase: string, kind: 'once', dues: string[], text: string): Row[];
function everywhere(phrase: string, kind: 'rule', firsts: string[], text: string, rrule: string): Row[];
function everywhere(phrase: string, kind: 'once' | 'rule', values: string[], text: string, rrule?: string): Row[] {
  return ZONES.map((tz, i) => {
    const v = values.length === 1 ? values[0]! : values[i]!;
    return kind === 'once' ? [tz, phrase, 'once', v, text] : [tz, phrase, 'rule', rrule!, v, text];
  });
}
const failsEverywhere = (phrase: string, code: ParseErrorCode): Row[] => ZONES.map((tz) => [tz, phrase, 'error', code]);

const ROWS: Row[] = [
  // The one-time examples, in every zone.
  ...everywhere('remind me tomorrow at 10 to check emails', 'once', ['2026-11-25 10:00'], 'check emails'),
  ...everywhere('remind me to call mom in 2 hours', 'once', ['2026-11-24T16:00:00Z'], 'call mom'),
  ...everywhere('in 20 minutes take the pizza out', 'once', ['2026-11-24T14:20:00Z'], 'take the pizza out'),
  ...everywhere('on friday at 18:00 drinks', 'once', ['2026-11-27 18:00'], 'drinks'),
  ...everywhere('on december 3 at 14:30 dentist', 'once', ['2026-12-03 14:30'], 'dentist'),
  [B, 'tonight at 8 movie', 'once', '2026-11-24 20:00', 'movie'],
  [N, 'tonight at 8 movie', 'once', '2026-11-24 20:00', 'movie'],
  [T, 'tonight at 8 movie', 'error', 'past'], // 23:00 in Tokyo already
  [K, 'tonight at 8 movie', 'once', '2026-11-24 20:00', 'movie'],
  [U, 'tonight at 8 movie', 'once', '2026-11-24 20:00', 'movie'],
  ...everywhere('at noon lunch', 'once', ['2026-11-25 12:00', '2026-11-24 12:00', '2026-11-25 12:00', '2026-11-25 12:00', '2026-11-25 12:00'], 'lunch'),
  ...everywhere('in 3 days renew passport', 'once', ['2026-11-27T14:00:00Z'], 'renew passport'),
  // Forward only: 14:00 is gone in Berlin, Tokyo, Kolkata, and exactly now in UTC.
  ...everywhere('at 14:00 standup call', 'once', ['2026-11-25 14:00', '2026-11-24 14:00', '2026-11-25 14:00', '2026-11-25 14:00', '2026-11-25 14:00'], 'standup call'),
  // A date without a time means 09:00 local.
  ...everywhere('tomorrow buy milk', 'once', ['2026-11-25 09:00'], 'buy milk'),
  ...everywhere('on friday submit report', 'once', ['2026-11-27 09:00'], 'submit report'),
  // The recurring examples, in every zone.
  ...everywhere('every day at 9 take meds', 'rule', ['2026-11-25 09:00'], 'take meds', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0'),
  ...everywhere('every weekday at 8:30 standup', 'rule', ['2026-11-25 08:30'], 'standup', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30'),
  ...everywhere('every weekend at 10 long run', 'rule', ['2026-11-28 10:00'], 'long run', 'FREQ=WEEKLY;BYDAY=SU,SA;BYHOUR=10;BYMINUTE=0'),
  ...everywhere('every monday and thursday at 18:00 gym', 'rule', ['2026-11-26 18:00'], 'gym', 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=18;BYMINUTE=0'),
  // Every N hours counts elapsed time from when it was set, in every zone alike.
  ...everywhere('every 2 hours drink water', 'rule', ['2026-11-24T16:00:00Z'], 'drink water', 'FREQ=HOURLY;INTERVAL=2'),
  ...everywhere('every 30 minutes stretch', 'rule', ['2026-11-24T14:30:00Z'], 'stretch', 'FREQ=MINUTELY;INTERVAL=30'),
  ...everywhere('every month on the 15th at 10:00 pay rent', 'rule', ['2026-12-15 10:00'], 'pay rent', 'FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=10;BYMINUTE=0'),
  ...everywhere('every first monday of the month at 9 review budget', 'rule', ['2026-12-07 09:00'], 'review budget', 'FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9;BYMINUTE=0'),
  ...everywhere('every last friday of the month team drinks', 'rule', ['2026-11-27 09:00'], 'team drinks', 'FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=9;BYMINUTE=0'),
  ...everywhere('every year on march 3 at 9 call grandma', 'rule', ['2027-03-03 09:00'], 'call grandma', 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3;BYHOUR=9;BYMINUTE=0'),
  // The errors, in every zone.
  ...failsEverywhere('yesterday at 10 call bob', 'past'),
  ...failsEverywhere('february 30 pay', 'impossible_date'),
  ...failsEverywhere('every 30 seconds ping', 'too_frequent'),
  ...failsEverywhere('on march 3 2035 renew', 'too_far'),
  ...failsEverywhere('tomorrow at 10', 'empty_text'),
  ...failsEverywhere('call mom', 'no_time'),

  // Prefixes and glue.
  [B, '/remind tomorrow 9am dentist', 'once', '2026-11-25 09:00', 'dentist'],
  [B, '/remind@NudgeBot in 10 minutes tea', 'once', '2026-11-24T14:10:00Z', 'tea'],
  [B, '/every weekday 9am standup', 'rule', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'standup'],
  [B, 'remind me that the parcel arrives tomorrow at 16:00', 'once', '2026-11-25 16:00', 'the parcel arrives'],
  [B, 'Remind me to log in tomorrow', 'once', '2026-11-25 09:00', 'log in'],
  [B, 'please remind me about the dentist on friday at 8:15', 'once', '2026-11-27 08:15', 'the dentist'],
  [B, 'tomorrow at noon lunch with Anna', 'once', '2026-11-25 12:00', 'lunch with Anna'],
  [B, 'take 2 pills at 8pm', 'once', '2026-11-24 20:00', 'take 2 pills'],
  // One-time variety.
  [B, 'tomorrow morning gym', 'once', '2026-11-25 09:00', 'gym'],
  [B, 'tomorrow evening call dad', 'once', '2026-11-25 19:00', 'call dad'],
  [B, 'tonight take out the trash', 'once', '2026-11-24 20:00', 'take out the trash'],
  [B, 'next week plan sprint', 'once', '2026-12-01 09:00', 'plan sprint'],
  [B, 'in 1h30m tea', 'once', '2026-11-24T15:30:00Z', 'tea'],
  [B, 'in an hour stand up', 'once', '2026-11-24T15:00:00Z', 'stand up'],
  [B, 'at 9pm take out trash', 'once', '2026-11-24 21:00', 'take out trash'],
  [B, 'on december 24 buy presents', 'once', '2026-12-24 09:00', 'buy presents'],
  // A time with minutes and no am/pm is a 24-hour time where the 24-hour clock is usual: 09:30 tomorrow in Berlin
  // (15:00 now, 21:30 is one tap away); in New York it is the next of the two, 09:30 today (09:00 now).
  [B, 'at 9:30 call the bank', 'once', '2026-11-25 09:30', 'call the bank'],
  [B, 'at 9 call the bank', 'once', '2026-11-24 21:00', 'call the bank'],
  [N, 'at 9:30 call the bank', 'once', '2026-11-24 09:30', 'call the bank'],
  [T, 'tomorrow buy rice', 'once', '2026-11-25 09:00', 'buy rice'],
  [K, 'at 7pm check the oven', 'once', '2026-11-25 19:00', 'check the oven'],
  [U, 'on january 5 at 8:00 tax', 'once', '2027-01-05 08:00', 'tax'],
  // DST-crossing one-time dates: the target date's offset, not today's.
  [N, 'on july 4 at 10 fireworks', 'once', '2027-07-04T14:00:00Z', 'fireworks'],
  [B, 'on june 1 at 10 holiday', 'once', '2027-06-01T08:00:00Z', 'holiday'],
  [B, 'on march 28 2027 at 2:30 night shift', 'once', '2027-03-28T01:00:00Z', 'night shift'], // gap → the jump, 03:00 CEST
  [B, 'on october 31 2027 at 2:30 night shift', 'once', '2027-10-31T00:30:00Z', 'night shift'], // overlap → first (CEST)
  [N, 'on march 14 2027 at 2:30 night shift', 'once', '2027-03-14T07:00:00Z', 'night shift'], // gap → the jump, 03:00 EDT
  [N, 'on november 7 2027 at 1:30 night shift', 'once', '2027-11-07T05:30:00Z', 'night shift'], // overlap → first (EDT)

  // Recurring variety.
  [B, 'every day at 9 until december 31 vitamins', 'rule', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'vitamins'],
  [B, 'every monday at 9 for 4 times weigh in', 'rule', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0', '2026-11-30 09:00', 'weigh in'],
  [B, 'every day at 9 for 2 weeks stretch', 'rule', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'stretch'],
  [B, 'every 2 hours on weekdays between 9 and 17 water', 'rule', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,11,13,15,17;BYMINUTE=0', '2026-11-24 17:00', 'water'],
  [B, 'every 30 minutes from 9 to 17 stretch', 'rule', 'FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,30', '2026-11-24 15:30', 'stretch'],
  [B, 'mondays at 7 yoga', 'rule', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=0', '2026-11-30 07:00', 'yoga'],
  [B, 'hourly check the oven', 'rule', 'FREQ=HOURLY', '2026-11-24 16:00', 'check the oven'],
  [B, 'daily at 9 standup', 'rule', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'standup'],
  [B, 'every evening at 8 read', 'rule', 'FREQ=DAILY;BYHOUR=20;BYMINUTE=0', '2026-11-24 20:00', 'read'],
  [B, 'every morning stretch', 'rule', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'stretch'],
  [B, 'every night at 11 sleep', 'rule', 'FREQ=DAILY;BYHOUR=23;BYMINUTE=0', '2026-11-24 23:00', 'sleep'],
  [B, 'every sunday at midnight backup', 'rule', 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=0;BYMINUTE=0', '2026-11-29 00:00', 'backup'],
  [B, 'every minute test', 'rule', 'FREQ=MINUTELY', '2026-11-24 15:01', 'test'],
  [B, 'every hour drink', 'rule', 'FREQ=HOURLY', '2026-11-24 16:00', 'drink'],
  [B, 'every 15 minutes check build', 'rule', 'FREQ=MINUTELY;INTERVAL=15', '2026-11-24 15:15', 'check build'],
  [B, 'every tuesday, thursday and saturday at 7am run', 'rule', 'FREQ=WEEKLY;BYDAY=TU,TH,SA;BYHOUR=7;BYMINUTE=0', '2026-11-26 07:00', 'run'],
  [B, 'every week call dad', 'rule', 'FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0', '2026-12-01 09:00', 'call dad'],
  [B, 'every week on friday report', 'rule', 'FREQ=WEEKLY;BYDAY=FR;BYHOUR=9;BYMINUTE=0', '2026-11-27 09:00', 'report'],
  [B, 'every month water plants', 'rule', 'FREQ=MONTHLY;BYMONTHDAY=24;BYHOUR=9;BYMINUTE=0', '2026-12-24 09:00', 'water plants'],
  [B, 'every 15th pay', 'rule', 'FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=0', '2026-12-15 09:00', 'pay'],
  [B, 'on the 1st of every month rent', 'rule', 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0', '2026-12-01 09:00', 'rent'],
  [B, 'every last day of the month invoices', 'rule', 'FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=9;BYMINUTE=0', '2026-11-30 09:00', 'invoices'],
  [B, 'every year on february 29 leap day', 'rule', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9;BYMINUTE=0', '2028-02-29 09:00', 'leap day'],
  [B, 'every 3rd wednesday of the month at 19:00 meetup', 'rule', 'FREQ=MONTHLY;BYDAY=3WE;BYHOUR=19;BYMINUTE=0', '2026-12-16 19:00', 'meetup'],
  [B, 'every march 3 birthday', 'rule', 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3;BYHOUR=9;BYMINUTE=0', '2027-03-03 09:00', 'birthday'],
  [B, 'water the plants every friday at 6pm', 'rule', 'FREQ=WEEKLY;BYDAY=FR;BYHOUR=18;BYMINUTE=0', '2026-11-27 18:00', 'water the plants'],
  [B, 'remind me to stretch every 20 minutes', 'rule', 'FREQ=MINUTELY;INTERVAL=20', '2026-11-24 15:20', 'stretch'],
  [N, 'every weekday at 5:45pm commute', 'rule', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=17;BYMINUTE=45', '2026-11-24 17:45', 'commute'],
  [T, 'every day at 7 news', 'rule', 'FREQ=DAILY;BYHOUR=7;BYMINUTE=0', '2026-11-25 07:00', 'news'],
  [K, 'every saturday at 10:30 call parents', 'rule', 'FREQ=WEEKLY;BYDAY=SA;BYHOUR=10;BYMINUTE=30', '2026-11-28 10:30', 'call parents'],
  [U, 'every monday at 0:00 rotate keys', 'rule', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=0;BYMINUTE=0', '2026-11-30 00:00', 'rotate keys'],
  [N, 'every sunday at 9 call mom', 'rule', 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=9;BYMINUTE=0', '2026-11-29 09:00', 'call mom'],
  [B, 'every day at 9 in berlin', 'rule', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'in berlin'],

  // Regressions found by generating variants (time phrase before/after the text, prefixes, limits).
  // "at 9 weekly review": "weekly" once counted as a unit after the hour ("9 week…"), so the time stayed in the text.
  [B, 'every monday at 9 weekly review', 'rule', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0', '2026-11-30 09:00', 'weekly review'],
  ...everywhere('every monday at 10 weekly review', 'rule', ['2026-11-30 10:00'], 'weekly review', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0'),
  [B, 'every day at 7 daily standup prep', 'rule', 'FREQ=DAILY;BYHOUR=7;BYMINUTE=0', '2026-11-25 07:00', 'daily standup prep'],
  [B, 'every day at 18 timesheet', 'rule', 'FREQ=DAILY;BYHOUR=18;BYMINUTE=0', '2026-11-24 18:00', 'timesheet'],
  [B, 'every monday at 9: weekly review', 'rule', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0', '2026-11-30 09:00', 'weekly review'],
  [B, 'tomorrow at 9: call mom', 'once', '2026-11-25 09:00', 'call mom'],
  // A leading "weekly"/"daily" describes the text when the rest names a one-time day.
  [B, 'weekly review tomorrow at 9', 'once', '2026-11-25 09:00', 'weekly review'],
  [B, 'daily standup prep on friday at 9', 'once', '2026-11-27 09:00', 'daily standup prep'],
  [B, 'weekly review on december 3 in the morning', 'once', '2026-12-03 09:00', 'weekly review'],
  // Detached periods in one-time reminders ("in the morning" once became 03:00 after "december 3", or stayed in the text).
  [B, 'tomorrow in the morning stretch', 'once', '2026-11-25 09:00', 'stretch'],
  ...everywhere('in the evening call mom', 'once', ['2026-11-24 19:00', '2026-11-24 19:00', '2026-11-25 19:00', '2026-11-25 19:00', '2026-11-24 19:00'], 'call mom'),
  [B, 'call mom at 7 in the evening', 'once', '2026-11-24 19:00', 'call mom'],
  [B, 'call mom on december 3 in the morning', 'once', '2026-12-03 09:00', 'call mom'],
  [B, 'tomorrow at 10 at night close the windows', 'once', '2026-11-25 22:00', 'close the windows'],
  // Date and time apart, "@" for "at".
  [B, 'on friday call mom at 9', 'once', '2026-11-27 09:00', 'call mom'],
  [B, 'tomorrow @ 9 dentist', 'once', '2026-11-25 09:00', 'dentist'],
  [B, 'dentist @ 9:30pm', 'once', '2026-11-24 21:30', 'dentist'],
  // "until X to Y" was read as the range X–Y, dated a year back: "end date has already passed".
  [B, 'every day at 9 until december 31 to friday prep', 'rule', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'friday prep'],
  [B, 'every day at 9 until the 15th vitamins', 'rule', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'vitamins'],
  [B, 'every year on march 3 at 9 until december 31 x', 'error', 'past'],
  // A day of the month without a month: the next month that has it.
  ...everywhere('on the 3rd pay rent', 'once', ['2026-12-03 09:00'], 'pay rent'),
  [B, 'pay rent on the 24th', 'once', '2026-12-24 09:00', 'pay rent'], // today's 09:00 is gone
  [B, 'on the 24th at 18:00 pay rent', 'once', '2026-11-24 18:00', 'pay rent'],
  [B, 'on the 31st pay', 'once', '2026-12-31 09:00', 'pay'], // November has no 31st
  // Other one-time phrasings people use.
  [B, 'remind me at 5pm to call mom', 'once', '2026-11-24 17:00', 'call mom'],
  [N, 'call mom at 5pm', 'once', '2026-11-24 17:00', 'call mom'],
  [T, 'tomorrow morning stretch', 'once', '2026-11-25 09:00', 'stretch'],
  [N, 'next week review', 'once', '2026-12-01 09:00', 'review'],
  [K, 'in an hour check the oven', 'once', '2026-11-24T15:00:00Z', 'check the oven'],
  [U, 'in half an hour tea', 'once', '2026-11-24T14:30:00Z', 'tea'],

  // Errors with specific causes.
  // Once refused, now read (see schedules.corpus.test.ts for the long tail).
  [B, 'every 7 minutes blink', 'rule', 'FREQ=MINUTELY;INTERVAL=7', '2026-11-24 15:07', 'blink'],
  [B, 'every 5 hours rotate', 'rule', 'FREQ=HOURLY;INTERVAL=5', '2026-11-24 20:00', 'rotate'],
  [B, 'every other day water', 'rule', 'FREQ=DAILY;INTERVAL=2;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'water'],
  [B, 'every 3 days water', 'rule', 'FREQ=DAILY;INTERVAL=3;BYHOUR=9;BYMINUTE=0', '2026-11-25 09:00', 'water'],
  [B, 'every 2 hours at 9 water', 'error', 'no_time'],
  [B, 'every monday until yesterday standup', 'error', 'past'],
  [B, 'every day at 25:00 x', 'error', 'impossible_date'],
  [B, 'tomorrow at 13pm x', 'error', 'impossible_date'],
  [B, 'april 31 x', 'error', 'impossible_date'],
  [B, 'every year on february 30 x', 'error', 'impossible_date'],
  [B, 'february 29 2027 x', 'error', 'impossible_date'],
  // A yearless 29 February is the next one (2028), not "no time found" because 2027 has none.
  [B, 'on february 29 at 10 x', 'once', '2028-02-29 10:00', 'x'],
  [N, 'feb 29th leap day party', 'once', '2028-02-29 09:00', 'leap day party'],
  [T, 'on the 29th of february at 8am x', 'once', '2028-02-29 08:00', 'x'],
  [K, '29 feb at 18:30 x', 'once', '2028-02-29 18:30', 'x'],
  [U, 'on february 29 2028 at 7 x', 'once', '2028-02-29 07:00', 'x'],
  [B, 'on february 30 at 10 x', 'error', 'impossible_date'],
  [B, 'on april 31 at 10 x', 'error', 'impossible_date'],
  [B, 'every month on the 32nd x', 'error', 'impossible_date'],
  [B, 'every 10 seconds x', 'error', 'too_frequent'],
  [B, 'in 6 years x', 'error', 'too_far'],
  [B, 'remind me', 'error', 'no_time'],
  [B, '', 'error', 'no_time'],
  [B, 'every day at 9', 'error', 'empty_text'],
  [B, 'remind me to', 'error', 'no_time'],
  ['Mars/Base', 'tomorrow at 9 x', 'error', 'bad_zone'],
  ['', 'tomorrow at 9 x', 'error', 'bad_zone'],
];

describe('parseReminder corpus', () => {
  it('has at least 150 phrases', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(150);
  });

  it.each(ROWS.map((row) => [row[0] || '(empty)', row[1] || '(empty)', row] as const))('%s: %s', (_tz, _phrase, row) => {
    const [tz, phrase] = row;
    const result = parseReminder(phrase, { tz, now: NOW });
    if (row[2] === 'error') {
      expect(result).toMatchObject({ ok: false, error: row[3] });
      if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
      return;
    }
    if (!result.ok) throw new Error(`expected success, got ${result.error}: ${result.message}`);
    if (row[2] === 'once') {
      expect({ kind: result.kind, dueAt: result.dueAt.toISOString(), text: result.text }).toEqual({ kind: 'once', dueAt: utc(tz, row[3]), text: row[4] });
      return;
    }
    expect(result.kind).toBe('recurring');
    if (result.kind !== 'recurring') return;
    expect({ rrule: result.schedule.rrule, tz: result.schedule.tz, dueAt: result.dueAt.toISOString(), text: result.text })
      .toEqual({ rrule: row[3], tz, dueAt: utc(tz, row[4]), text: row[5] });
    // The first occurrence is what the schedule itself yields next.
    expect(upcomingOccurrences(result.schedule, NOW, 1)[0]?.toISOString()).toBe(result.dueAt.toISOString());
  });
});

describe('29 February', () => {
  it('a yearless one is the next 29 February still ahead in the chat zone, even on the day itself', () => {
    const at = (now: string) => {
      const r = parseReminder('on february 29 at 10 x', { tz: B, now: new Date(now) });
      return r.ok ? r.dueAt.toISOString() : r.error;
    };
    expect(at('2028-01-10T10:00:00Z')).toBe('2028-02-29T09:00:00.000Z');
    expect(at('2028-02-29T08:00:00Z')).toBe('2028-02-29T09:00:00.000Z'); // 09:00 in Berlin: later today
    expect(at('2028-02-29T10:00:00Z')).toBe('2032-02-29T09:00:00.000Z'); // 11:00: gone, so the next one
    expect(at('2028-03-10T10:00:00Z')).toBe('2032-02-29T09:00:00.000Z');
  });

  it('"every year on february 29" is taken, but described as what it is: every 4 years', () => {
    const r = parseReminder('every year on february 29 leap day', { tz: B, now: NOW });
    if (!r.ok || r.kind !== 'recurring') throw new Error('expected a recurring reminder');
    expect(describeSchedule(r.schedule, r.dueAt, B, NOW)).toBe('every 4 years on 29 February (leap years only) at 09:00 (Europe/Berlin), next: Tue 29 Feb 2028 09:00');
  });
});

describe('limits and zones in parsed schedules', () => {
  it('"until december 31" includes the whole last day, local time', () => {
    const r = parseReminder('every day at 9 until december 31 vitamins', { tz: B, now: NOW });
    expect(r.ok && r.kind === 'recurring' && r.schedule.until).toBe('2026-12-31T22:59:59.999Z');
  });

  it('"for 4 times" sets maxCount and "for 2 weeks" an end two weeks from now', () => {
    const count = parseReminder('every monday at 9 for 4 times weigh in', { tz: B, now: NOW });
    expect(count.ok && count.kind === 'recurring' && count.schedule.maxCount).toBe(4);
    const span = parseReminder('every day at 9 for 2 weeks stretch', { tz: B, now: NOW });
    expect(span.ok && span.kind === 'recurring' && span.schedule.until).toBe('2026-12-08T14:00:00.000Z');
    if (span.ok && span.kind === 'recurring') expect(upcomingOccurrences(span.schedule, NOW, 100)).toHaveLength(14);
  });

  it('accepts a city as the chat zone and stores the IANA name', () => {
    const r = parseReminder('every day at 9 news', { tz: 'tokyo', now: NOW });
    expect(r.ok && r.kind === 'recurring' && r.schedule.tz).toBe('Asia/Tokyo');
  });

  it('"until the 15th" ends with the next 15th, local time', () => {
    const r = parseReminder('every day at 9 until the 15th vitamins', { tz: B, now: NOW });
    expect(r.ok && r.kind === 'recurring' && r.schedule.until).toBe('2026-12-15T22:59:59.999Z');
    const range = parseReminder('every day at 9 until december 31 to friday prep', { tz: B, now: NOW });
    expect(range.ok && range.kind === 'recurring' && range.schedule.until).toBe('2026-12-31T22:59:59.999Z');
  });

  it('explains errors in a sentence and suggests what works', () => {
    const biweekly = parseReminder('biweekly sync', { tz: B, now: NOW });
    if (!biweekly.ok) expect(biweekly.message).toMatch(/twice a week or every two weeks.*"every 2 weeks on …"/);
    const mixed = parseReminder('every weekday at 9 and 17:30 log', { tz: B, now: NOW });
    if (!mixed.ok) expect(mixed.message).toContain('share the minute');
    const seconds = parseReminder('every 30 seconds ping', { tz: B, now: NOW });
    if (!seconds.ok) expect(seconds.message).toContain('Try "every minute"');
    const ends = parseReminder('every year on march 3 at 9 until december 31 x', { tz: B, now: NOW });
    if (!ends.ok) expect(ends.message).toContain('The first reminder (Wed 3 Mar 2027 09:00) would come after the end date (Thu 31 Dec 23:59)');
    expect([biweekly.ok, mixed.ok, seconds.ok, ends.ok]).toEqual([false, false, false, false]);
    const feb30 = parseReminder('on february 30 at 10 x', { tz: B, now: NOW });
    expect(!feb30.ok && feb30.message).toBe('There is no February 30: February never has 30 days.');
    const apr31 = parseReminder('on april 31 at 10 x', { tz: B, now: NOW });
    expect(!apr31.ok && apr31.message).toBe('There is no April 31: April has only 30 days.');
    const past = parseReminder('yesterday at 10 call bob', { tz: B, now: NOW });
    if (!past.ok) expect(past.message).toContain('Mon 23 Nov 10:00 has already passed');
  });
});
