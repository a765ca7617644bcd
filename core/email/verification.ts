import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** How a chat proves it reads an address: a 6-digit code, valid this long, void after this many wrong tries. */
export const EMAIL_RULES = {
  codeTtlSeconds: 15 * 60,
  maxWrongCodes: 5,
  maxAddressesPerChat: 5,
  defaultDailyLimit: 20,
  maxSubject: 200,
  maxBody: 20_000,
} as const;

const Address = z.email().max(254);

/** Lower-cased address, or undefined when it is not one. */
export function normaliseAddress(input: string): string | undefined {
  const address = input.trim().toLowerCase();
  return Address.safeParse(address).success ? address : undefined;
}

/** A label people type: letters, digits, - and _, 1–40 characters, lower-cased. */
export function normaliseLabel(input: string): string | undefined {
  const label = input.trim().toLowerCase();
  return /^[\p{L}\p{N}_-]{1,40}$/u.test(label) ? label : undefined;
}

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Bound to the chat and address, so a hash copied from one row proves nothing for another. */
export function hashCode(code: string, chatId: number, address: string): string {
  return createHash('sha256').update(`${chatId}\n${address}\n${code}`).digest('hex');
}

export function codeMatches(code: string, chatId: number, address: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashCode(code, chatId, address), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** UTC day of `now`, the unit of the per-chat send limit. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** "a***@example.com": enough to recognise one's own address in a chat others may read. */
export function maskAddress(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
