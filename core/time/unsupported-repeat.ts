import { fail, type ParseFailure } from './parse-result.ts';

/**
 * What to say when a repeat is understood but not offered. Each message names what was asked for and
 * suggests the nearest thing that works, so the user can retype instead of guessing.
 */

/** Minute steps that divide the hour and hour steps that divide the day: the intervals cron repeats evenly. */
const MINUTE_STEPS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12, 24];

function intervalName(minutes: number): string {
  if (minutes === 1) return 'every minute';
  if (minutes < 60) return `every ${minutes} minutes`;
  if (minutes === 60) return 'every hour';
  if (minutes === 1440) return 'every day';
  return `every ${minutes / 60} hours`;
}

/** The supported intervals either side of `minutes`, e.g. 7 → ["every 6 minutes", "every 10 minutes"]. */
function nearestIntervals(minutes: number): string[] {
  const steps = minutes < 60 ? MINUTE_STEPS : HOUR_STEPS.map((h) => h * 60);
  const below = steps.filter((s) => s < minutes).at(-1);
  const above = steps.find((s) => s > minutes);
  return [below, above].filter((s): s is number => s !== undefined).map(intervalName);
}

const quoteOr = (options: string[]): string => options.map((o) => `"${o}"`).join(' or ');

/** "every 7 minutes", "every 5 hours", "every 90 minutes": steps that would not land on the same clock times. */
export function unevenInterval(asked: string, minutes: number): ParseFailure {
  const [span, working] = minutes < 60
    ? ['hour', 'Minute repeats that work: 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30.']
    : ['day', 'Hour repeats that work: 1, 2, 3, 4, 6, 8 or 12.'];
  return fail('no_time', `I can't repeat "${asked}": a repeat has to fit evenly into the ${span}, so it lands on the same ` +
    `clock times every ${span}. Try ${quoteOr(nearestIntervals(minutes))}. ${working}`);
}

/** "every 30 seconds": more often than the once a minute reminders can fire. */
export function tooFrequent(asked: string): ParseFailure {
  return fail('too_frequent', `Reminders can repeat at most once a minute, so not "${asked}". Try "every minute" or "every 5 minutes".`);
}

/** "every 3 days", "every other week", "fortnightly", "every 2 months": calendar steps longer than one. */
export function unsupportedCalendarRepeat(asked: string): ParseFailure {
  return fail('no_time', `I can't repeat "${asked}" yet. Try "every day", chosen weekdays such as "every monday and thursday", ` +
    '"every month on the 15th" or "every year on march 3" — or set a separate reminder for each time.');
}

/** "biweekly", "bimonthly": half the world reads twice a week, the other half every two weeks. */
export function ambiguousRepeat(word: string): ParseFailure {
  const unit = word.startsWith('bimonth') ? 'month' : 'week';
  return fail('no_time', `"${word}" can mean twice a ${unit} or every two ${unit}s, so I won't guess. ` +
    `Say "every 2 ${unit}s on …" or name the days, e.g. "every monday and thursday".`);
}
