import { localDatePlusDays, zonedWallTimeToUtc } from './zoned-time.ts';

/**
 * `hour:minute` local on the day after `now`'s date in `tz` — the "tomorrow 09:00" snooze button.
 *
 * @example tomorrowAt(9, 0, 'Asia/Tokyo', new Date('2026-11-24T20:00:00Z')) // Thu 26 Nov 09:00 JST (it is already the 25th in Tokyo)
 */
export function tomorrowAt(hour: number, minute: number, tz: string, now: Date): Date {
  const { year, month, day } = localDatePlusDays(now, tz, 1);
  return zonedWallTimeToUtc(year, month, day, hour, minute, tz);
}
