/**
 * Bot tokens look like `123456789:AA…` (a numeric bot id, a colon, ~35 URL-safe characters).
 * The pattern catches tokens we were not told about (e.g. one embedded in a URL by a fetch error).
 */
const TOKEN_PATTERN = /\d{3,}:[A-Za-z0-9_-]{20,}/g;

export const REDACTED = '<redacted>';

/** Removes the bot token (the given one and anything shaped like one) from a text meant for logs or callers. */
export function redactToken(text: string, token?: string): string {
  let out = text;
  if (token) out = out.split(token).join(REDACTED);
  return out.replace(TOKEN_PATTERN, REDACTED);
}
