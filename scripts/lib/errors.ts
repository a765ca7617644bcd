/** A failure the operator can fix; its message is printed as-is, without a stack trace. */
export class ScriptError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScriptError';
  }
}

/** Replaces every occurrence of each secret with `***`, so a token can never reach the terminal. */
export function redact(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join('***');
  return out;
}
