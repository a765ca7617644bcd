import { fail, type ParseFailure } from './parse-result.ts';

/**
 * What to say when a repeat is understood but not offered. Each message names what was asked for and
 * suggests the nearest thing that works, so the user can retype instead of guessing.
 */

/** "every 30 seconds": more often than the once a minute reminders can fire. */
export function tooFrequent(asked: string): ParseFailure {
  return fail('too_frequent', `Reminders can repeat at most once a minute, so not "${asked}". Try "every minute" or "every 5 minutes".`);
}

/** "biweekly", "bimonthly": half the world reads twice a week, the other half every two weeks. */
export function ambiguousRepeat(word: string): ParseFailure {
  const unit = word.startsWith('bimonth') ? 'month' : 'week';
  return fail('no_time', `"${word}" can mean twice a ${unit} or every two ${unit}s, so I won't guess. ` +
    `Say "every 2 ${unit}s on …" or name the days, e.g. "every monday and thursday".`);
}
