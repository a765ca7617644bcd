import { createHash, timingSafeEqual } from 'node:crypto';
import type { SecretValue } from './secrets.ts';

export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

/** Header lookup that ignores case: API Gateway lowercases names, other callers may not. */
export function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * True when the request carries Telegram's secret token. Both sides are hashed first so the
 * comparison is constant-time and equal-length whatever was sent; the length of the secret leaks nothing.
 */
export function hasValidSecretToken(headers: Record<string, string | undefined>, expected: SecretValue): boolean {
  return matchesSecretToken(headerValue(headers, SECRET_TOKEN_HEADER), expected);
}

/** The header's value against the secret, in constant time (see `hasValidSecretToken`). */
export function matchesSecretToken(given: string | undefined, expected: SecretValue): boolean {
  if (given === undefined) return false;
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected.reveal()));
}
