import type { RecurringSchedule } from '../../schema/index.ts';

/** Why a reminder request could not be turned into a schedule. */
export type ParseErrorCode = 'no_time' | 'past' | 'impossible_date' | 'too_frequent' | 'too_far' | 'empty_text' | 'bad_zone';

export type ParseFailure = { ok: false; error: ParseErrorCode; message: string /* a sentence a user understands */ };

/**
 * The outcome of {@link parseReminder}: a one-time or recurring schedule with its text, or a typed failure.
 * `unread` lists time, date or repetition words left in the text ("and 20", "evening", "03.12"): when it is
 * not empty the reading is unsure, and callers show what was understood and ask before saving. `notes` say
 * what was assumed (a numeric date's order, "at 5" as 17:00), for the confirmation.
 */
export type ParsedReminder =
  | { ok: true; kind: 'once'; text: string; dueAt: Date; schedule: { kind: 'once' }; unread: string[]; notes?: string[] }
  | { ok: true; kind: 'recurring'; text: string; dueAt: Date /* first occurrence */; schedule: RecurringSchedule; unread: string[]; notes?: string[] }
  | ParseFailure;

export function fail(error: ParseErrorCode, message: string): ParseFailure {
  return { ok: false, error, message };
}

/** Only this far ahead may a reminder be scheduled. */
export const MAX_YEARS_AHEAD = 5;

export function latestAllowed(now: Date): number {
  const limit = new Date(now.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  return limit.getTime();
}

export const EXAMPLES = '"tomorrow at 10 check emails", "in 20 minutes take the pizza out" or "every monday at 9 standup"';
