import { ScriptError } from './errors.ts';

/** BotFather's format: numeric bot id, a colon, then a 35-character secret (checked loosely). */
const TOKEN = /^\d{5,}:[A-Za-z0-9_-]{30,}$/;

/** Webhook secret alphabet and length accepted by Telegram's `secret_token`. */
export const WEBHOOK_SECRET = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Checks a bot token's shape. The error never contains the token, only what is wrong with it.
 * @throws ScriptError when the value is not shaped like a BotFather token.
 */
export function checkBotToken(raw: string | undefined, source: string): string {
  const token = raw?.trim();
  if (!token) throw new ScriptError(`No bot token in ${source}.`);
  if (!TOKEN.test(token)) {
    throw new ScriptError(`The value in ${source} does not look like a bot token from @BotFather (expected "<digits>:<35 letters, digits, _ or ->", got ${token.length} characters).`);
  }
  return token;
}

/** Reads all of stdin (used when the token is piped in). */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
