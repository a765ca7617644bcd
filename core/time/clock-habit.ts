import { dateOrderFor } from './numeric-date.ts';

/**
 * Whether people in a zone's region commonly write clock times on a 12-hour clock ("9:15" can mean the
 * evening), judged from the zone as numeric dates are. A time written with minutes and no am/pm ("9:15",
 * "9.15") is read as a 24-hour time everywhere else: where "21:15" is how the evening is written, "9:15"
 * means the morning.
 *
 * | clock | zones |
 * |---|---|
 * | 12-hour | month-first zones (the United States', Asia/Manila, …), Canada's English-speaking zones, Europe/London, Europe/Dublin, Australia/*, Pacific/Auckland, Asia/Kolkata, Asia/Calcutta, Asia/Karachi, Asia/Dhaka, Africa/Cairo |
 * | 24-hour | all others, e.g. Europe/Berlin, Europe/Paris, America/Sao_Paulo, Asia/Tokyo, UTC |
 */
const TWELVE_HOUR_ZONES = new Set([
  'America/Toronto', 'America/Vancouver', 'America/Edmonton', 'America/Winnipeg', 'America/Halifax', 'America/St_Johns', 'America/Regina',
  'Europe/London', 'Europe/Dublin', 'Pacific/Auckland', 'Asia/Kolkata', 'Asia/Calcutta', 'Asia/Karachi', 'Asia/Dhaka', 'Africa/Cairo',
]);

export function writesTwelveHourClock(tz: string): boolean {
  return dateOrderFor(tz) === 'month-first' || TWELVE_HOUR_ZONES.has(tz) || tz.startsWith('Australia/');
}
