// The time language: what people type becomes a schedule in their zone. Pure functions, no I/O.
export type { ParseErrorCode, ParsedReminder, ReadingAlternative } from './parse-result.ts';
export { parseReminder } from './parse-reminder.ts';
export { nextOccurrence, upcomingOccurrences } from './next-occurrence.ts';
export { describeSchedule, formatInstant } from './format.ts';
export { describeCron } from './describe-cron.ts';
export { formatLateness, parseDuration } from './duration.ts';
export { resolveZone } from './zones.ts';
export { tomorrowAt } from './tomorrow-at.ts';
export { isKnownZone, wallTimeOf, zonedWallTimeToUtc, zoneOffsetMinutes, type WallTime } from './zoned-time.ts';
export { rfc5545Lines, type Rfc5545Lines } from './rule-text.ts';
export { describeRule } from './describe-rule.ts';
export { formatLocal, formatRule, InvalidRuleError, parseRule, type RecurrenceRule } from './rule.ts';
export { unreadTimeWords } from './unread-words.ts';
export { ruleHalfDayNote } from './bare-hour.ts';
export { pad2 } from './pad.ts';
export { scheduleFromStructured, StructuredRecurrence } from './structured-recurrence.ts';
