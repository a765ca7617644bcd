/** Checks for the arguments admin commands share; each throws UsageError with the fix in its message. */
import { UsageError } from './admin-errors.ts';
import type { FlagValues } from './admin-run.ts';
import type { ReminderRef } from '../core/admin/index.ts';
import { parseDuration } from '../core/time/index.ts';

/** `--chat <id>`: a Telegram chat id, negative for groups (write those as --chat=-100123). */
export function requireChatId(values: FlagValues): number {
  const raw = values.chat;
  if (raw === undefined) throw new UsageError('missing --chat <id> (the Telegram chat id; for a group write --chat=-100123…).');
  return parseChatId(String(raw), '--chat');
}

export function parseChatId(raw: string, what: string): number {
  const text = raw.trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) throw new UsageError(`${what} "${raw}" is not a chat id (a whole number such as 42 or -1001234567890).`);
  return value;
}

/** `#3` or `3`: a reminder's short id in its chat. */
export function parseShortId(raw: string): number {
  const match = /^#?(\d+)$/.exec(raw.trim());
  const value = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`"${raw}" is not a reminder short id (write 3 or '#3').`);
  return value;
}

export function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

/**
 * A reminder as admins name it: a ULID (`01JD…`, with or without --chat), or `--chat <id>` and a short
 * id (`'#3'` or `3`).
 */
export function parseReminderRef(values: FlagValues, positionals: string[], command: string): ReminderRef {
  const raw = positionals[0];
  if (raw === undefined) throw new UsageError(`missing the reminder: nudge ${command} <ULID>, or nudge ${command} --chat <id> '#3'.`);
  const chatId = values.chat === undefined ? undefined : requireChatId(values);
  if (ULID.test(raw.trim())) return { id: raw.trim().toUpperCase(), ...(chatId === undefined ? {} : { chatId }) };
  if (/^#?\d+$/.test(raw.trim())) {
    if (chatId === undefined) throw new UsageError(`a short id like "${raw}" needs its chat: nudge ${command} --chat <id> '${raw.startsWith('#') ? raw : `#${raw}`}'.`);
    return { chatId, shortId: parseShortId(raw) };
  }
  throw new UsageError(`"${raw}" is neither a reminder id (a 26-character ULID) nor a short id ('#3').`);
}

/** A reminder and nothing after it (`nudge show`, `nudge cancel`). */
export function parseSoleReminderRef(values: FlagValues, positionals: string[], command: string): ReminderRef {
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" (${command} takes one reminder).`);
  return parseReminderRef(values, positionals, command);
}

/** A duration flag such as `--since 1h`, bounded by `maxMs`. */
export function parseSpan(raw: string, flag: string, maxMs: number, maxWords: string): number {
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0) throw new UsageError(`${flag} "${raw}" is not a duration (write 30m, 1h, 2d or 1h30m).`);
  if (ms > maxMs) throw new UsageError(`${flag} "${raw}" is more than ${maxWords}.`);
  return ms;
}

/** `--limit <n>`: a whole number from 1 to `max`. */
export function parseLimit(raw: string | boolean | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim()) || value < 1 || value > max) throw new UsageError(`--limit "${String(raw)}" must be a whole number from 1 to ${max}.`);
  return value;
}
