import type { RecurringSchedule, Schedule } from '../../schema/index.ts';

/** Why a reminder request could not be turned into a schedule. */
export type ParseErrorCode = 'no_time' | 'past' | 'impossible_date' | 'too_frequent' | 'too_far' | 'empty_text' | 'bad_zone';

export type ParseFailure = { ok: false; error: ParseErrorCode; message: string /* a sentence a user understands */ };

/**
 * The outcome of {@link parseReminder}: a one-time or recurring schedule with its text, or a typed failure.
 * `unread` lists time, date or repetition words left in the text ("and 20", "evening", "03.12"): when it is
 * not empty the reading is unsure, and callers show what was understood and ask before saving. `notes` say
 * what was assumed (a numeric date's order, "at 5" as 17:00), for the confirmation; `alternatives` hold the
 * reading not taken for each, so the confirmation can offer it with one tap.
 */
export type ParsedReminder =
  | { ok: true; kind: 'once'; text: string; dueAt: Date; schedule: { kind: 'once' }; unread: string[]; notes?: string[]; alternatives?: ReadingAlternative[] }
  | { ok: true; kind: 'recurring'; text: string; dueAt: Date /* first occurrence */; schedule: RecurringSchedule; unread: string[]; notes?: string[]; alternatives?: ReadingAlternative[] }
  | ParseFailure;

/**
 * The same phrase read the other way where it was ambiguous: a numeric date in the other order ("03.12" as
 * 12 March), or an hour without am/pm in the other half of the day ("at 5" as 05:00). Same kind and text as
 * the reading taken; only the time differs. `label` names what changed, in English ("12 March", "05:00").
 */
export interface ReadingAlternative {
  reason: 'date-order' | 'half-day';
  written: string;
  label: string;
  dueAt: Date;
  schedule: Schedule;
}

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
