import { GrammyError, HttpError } from 'grammy';
import type { PermanentFailureReason, SendOutcome } from '../../core/telegram/port.ts';
import { redactToken } from '../../core/telegram/redact.ts';

/**
 * Why a call is worth repeating. The first four are retried inside the client within its wait
 * budget; `unauthorized` (wrong token, 401/404) is not — it needs an operator, but the reminder
 * must not be thrown away for it.
 */
export type RetryReason = 'rate_limited' | 'server_error' | 'network' | 'timeout' | 'unauthorized';

/** Reasons the client itself retries before giving the caller a `retry` outcome. */
export const RETRIED_INSIDE: ReadonlySet<string> = new Set<RetryReason>(['rate_limited', 'server_error', 'network', 'timeout']);

export interface ClassifyContext {
  /** The request was aborted by the client's own per-request timeout. */
  timedOut?: boolean;
  /** For edits: "message is not modified" means the message already reads as wanted. */
  messageId?: number;
  /** Scrubbed from every description (descriptions never carry it, but defensively). */
  token?: string;
}

/**
 * Telegram's answer patterns, in one place. Telegram documents only `error_code`; the
 * description is the only way to tell "blocked" from "kicked", so it is matched here and
 * nowhere else.
 */
const PERMANENT_PATTERNS: ReadonlyArray<{ code?: number; pattern: RegExp; reason: PermanentFailureReason }> = [
  { code: 403, pattern: /bot was blocked by the user/i, reason: 'blocked' },
  // The user never pressed Start (or deleted the chat): only they can fix it, like a block.
  { code: 403, pattern: /can't initiate conversation|bot can't send messages to the user/i, reason: 'blocked' },
  { code: 403, pattern: /user is deactivated|bot was kicked|chat was deleted|group chat was deactivated|bot is not a member|channel is private/i, reason: 'deactivated' },
  { code: 400, pattern: /chat not found|PEER_ID_INVALID|user not found|CHAT_ID_INVALID/i, reason: 'chat_not_found' },
  { code: 400, pattern: /group chat was upgraded to a supergroup|chat was deactivated|USER_DEACTIVATED/i, reason: 'deactivated' },
];

const NOT_MODIFIED = /message is not modified/i;

/**
 * Failures that happen before a request is written (refused, unknown host, connect timeout): Telegram
 * cannot have seen the request, so repeating it is safe. Anything else that ends a request without an
 * answer (our timeout, a reset after the request went out) may have been delivered.
 */
const NEVER_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT|ERR_INVALID_URL|bad port/;

/**
 * Whether a request that ended without an answer may still have reached Telegram. Walks the error's
 * `cause`/`error` chain (grammY wraps fetch's error, fetch wraps the socket's) for a connect-phase code.
 *
 * @example
 * mayHaveArrived(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })) // → false
 */
export function mayHaveArrived(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (typeof current === 'object') {
      const { code, message } = current as { code?: unknown; message?: unknown };
      if (NEVER_SENT.test(`${String(code ?? '')} ${String(message ?? '')}`)) return false;
      const next = current as { cause?: unknown; error?: unknown };
      current = next.cause ?? next.error;
    } else return true;
  }
  return true;
}

/**
 * Maps anything a grammY call can throw to a {@link SendOutcome}. Pure; never returns a raw error string
 * that could carry the token.
 *
 * @example
 * classifySendError(new GrammyError('x', { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 'sendMessage', {}))
 * // → { kind: 'permanent', reason: 'blocked', description: 'Forbidden: bot was blocked by the user' }
 */
export function classifySendError(error: unknown, context: ClassifyContext = {}): SendOutcome {
  if (error instanceof GrammyError) return classifyTelegramAnswer(error.error_code, error.description, error.parameters?.retry_after, context);
  if (error instanceof HttpError) {
    // grammY's own `timeoutSeconds` surfaces as an Error whose message says "timed out".
    const inner = error.error;
    const timedOut = context.timedOut || (inner instanceof Error && /timed out|aborted|AbortError/i.test(`${inner.name} ${inner.message}`));
    return timedOut ? { kind: 'retry', reason: 'timeout' } : { kind: 'retry', reason: 'network' };
  }
  if (context.timedOut) return { kind: 'retry', reason: 'timeout' };
  // Anything else (a TypeError from a custom fetch, say) is treated as a network failure: retryable,
  // and its message is deliberately not passed on.
  return { kind: 'retry', reason: 'network' };
}

/** The same mapping for an already-parsed `{ ok: false, error_code, description, parameters }` answer. */
export function classifyTelegramAnswer(errorCode: number, rawDescription: string, retryAfterSeconds: number | undefined, context: ClassifyContext = {}): SendOutcome {
  const description = redactToken(rawDescription ?? '', context.token);
  if (errorCode === 429 || errorCode === 420) {
    const seconds = typeof retryAfterSeconds === 'number' && retryAfterSeconds >= 0 ? retryAfterSeconds : 1;
    return { kind: 'retry', reason: 'rate_limited', retryAfterMs: Math.ceil(seconds * 1000) };
  }
  if (errorCode >= 500) return { kind: 'retry', reason: 'server_error' };
  // 401: wrong token; 404 on the Bot API also means the token (or method) is unknown.
  if (errorCode === 401 || errorCode === 404) return { kind: 'retry', reason: 'unauthorized' };
  if (errorCode === 400 && NOT_MODIFIED.test(description) && context.messageId !== undefined) {
    return { kind: 'delivered', messageId: context.messageId };
  }
  for (const rule of PERMANENT_PATTERNS) {
    if ((rule.code === undefined || rule.code === errorCode) && rule.pattern.test(description)) {
      return { kind: 'permanent', reason: rule.reason, description };
    }
  }
  return { kind: 'permanent', reason: 'rejected', description: description || `error ${errorCode}` };
}
