import { CronExpressionParser } from 'cron-parser';
import { isValidZone, ReminderWork, Schedule } from '../../schema/index.ts';
import { parseRule } from '../time/rule.ts';
import { InvalidReminderInputError } from './errors.ts';

/** Longest reminder text (Telegram's message limit is 4096; leave room for the "⏰ #3" header). */
export const MAX_TEXT_LENGTH = 4000;

/** Longest `lastError` / `failureReason` kept on a row: enough to diagnose, not enough to bloat it. */
export const MAX_REASON_LENGTH = 1000;

// Anything else cannot be a key we wrote (ULIDs, or ids from an injected generator), so it is "not found".
const REMINDER_ID = /^[0-9A-Za-z_-]{1,128}$/;

export function checkChatId(chatId: unknown): number {
  if (typeof chatId !== 'number' || !Number.isSafeInteger(chatId)) {
    throw new InvalidReminderInputError('chatId', `chat id must be a whole number, got ${String(chatId)}`);
  }
  return chatId;
}

export function isWellFormedReminderId(id: unknown): id is string {
  return typeof id === 'string' && REMINDER_ID.test(id);
}

/** Trimmed, non-empty, at most MAX_TEXT_LENGTH characters. */
export function checkText(text: unknown): string {
  if (typeof text !== 'string') throw new InvalidReminderInputError('text', 'reminder text must be a string');
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new InvalidReminderInputError('text', 'reminder text is empty', { reason: { kind: 'empty' } });
  if (trimmed.length > MAX_TEXT_LENGTH) {
    throw new InvalidReminderInputError('text', `reminder text is ${trimmed.length} characters; the limit is ${MAX_TEXT_LENGTH}`, {
      reason: { kind: 'too_long', length: trimmed.length, limit: MAX_TEXT_LENGTH },
    });
  }
  return trimmed;
}

export function checkZone(zone: unknown, field = 'tz'): string {
  if (typeof zone !== 'string' || zone.length === 0 || !isValidZone(zone)) {
    throw new InvalidReminderInputError(field, `unknown time zone "${String(zone)}" (use an IANA name such as Europe/Berlin)`);
  }
  return zone;
}

export function checkDate(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidReminderInputError(field, `${field} must be a valid date`);
  }
  return value;
}

/** A due time strictly after `now`: a reminder for the past would fire the moment it is written. */
export function checkFutureDate(value: unknown, now: Date, field = 'dueAt'): Date {
  const date = checkDate(value, field);
  if (date.getTime() <= now.getTime()) {
    throw new InvalidReminderInputError(field, `${field} ${date.toISOString()} is not after now (${now.toISOString()})`, { reason: { kind: 'not_future' } });
  }
  return date;
}

export function checkWork(work: unknown): ReminderWork {
  const parsed = ReminderWork.safeParse(work);
  if (!parsed.success) throw new InvalidReminderInputError('work', `work must be "message" or "action", got ${String(work)}`);
  return parsed.data;
}

export function checkSchedule(schedule: unknown): Schedule {
  const parsed = Schedule.safeParse(schedule);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `schedule.${issue.path.join('.')}` : 'schedule';
    throw new InvalidReminderInputError(where, `invalid schedule: ${issue?.message ?? 'malformed'}`);
  }
  if (parsed.data.kind === 'recurring' && parsed.data.cron !== undefined) {
    // The schema only knows the cron is a string; a row the sweeper cannot re-arm must never be written.
    try {
      CronExpressionParser.parse(parsed.data.cron, { tz: parsed.data.tz });
    } catch (error) {
      throw new InvalidReminderInputError('schedule.cron', `invalid cron expression "${parsed.data.cron}": ${(error as Error).message}`);
    }
  }
  if (parsed.data.kind === 'recurring' && parsed.data.rrule !== undefined) {
    try {
      parseRule(parsed.data.rrule);
    } catch (error) {
      throw new InvalidReminderInputError('schedule.rrule', `invalid rule "${parsed.data.rrule}": ${(error as Error).message}`);
    }
  }
  return parsed.data;
}

export function checkPositiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidReminderInputError(field, `${field} must be a positive whole number, got ${String(value)}`);
  }
  return value;
}

export function checkNonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidReminderInputError(field, `${field} must be a non-empty string`);
  return value;
}

export function truncate(text: string, max = MAX_REASON_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
