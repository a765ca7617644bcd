/** Checks for the arguments admin commands share; each throws UsageError with the fix in its message. */
import { UsageError } from './admin-errors.ts';
import type { FlagValues } from './admin-run.ts';

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
