/**
 * An error as one log-safe line: its type and message, never a stack or the raw object (which can
 * carry request bodies). Telegram errors here never contain the token (see `core/telegram/redact.ts`).
 */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
