import type { SendOptions, SendOutcome } from '../core/telegram/port.ts';
import type { AgentDeps } from './deps.ts';
import type { Reply } from './reply.ts';

/** Telegram refuses longer messages. */
const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * Sends and logs a refusal; a reply that cannot be delivered is not worth failing the work for.
 * Returns the outcome and the text as sent (trimmed to Telegram's limit), for callers that must not
 * lose the message (a scheduled action's result).
 */
export async function send(deps: AgentDeps, chatId: number, reply: Reply, options: SendOptions = {}): Promise<{ outcome: SendOutcome; text: string }> {
  const text = fitToTelegram(reply.text);
  const sendOptions = { ...options, ...(reply.buttons ? { buttons: reply.buttons } : {}) };
  const outcome = deps.keptReplies ? await keptOrSent(deps, chatId, text, sendOptions) : await deps.telegram.sendMessage(chatId, text, sendOptions);
  if (outcome.kind !== 'delivered') deps.log.warn('reply not delivered now', { chatId, outcome: outcome.kind, reason: outcome.reason, kept: outcome.kind === 'retry' && deps.keptReplies !== undefined });
  return { outcome, text };
}

/** The reason of a reply that neither Telegram nor the outbox took. */
export const NOT_KEPT_REASON = 'not kept: store failed';

/** Through the outbox; if the table cannot take a kept reply either, the reply is reported as not sent (logged by the caller). */
async function keptOrSent(deps: AgentDeps, chatId: number, text: string, options: SendOptions): Promise<SendOutcome> {
  try {
    return await deps.keptReplies!.send(chatId, text, options);
  } catch (error) {
    deps.log.error('reply could not be kept for later; it is lost', { chatId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return { kind: 'retry', reason: NOT_KEPT_REASON };
  }
}

/** Telegram refuses longer messages: cut with an ellipsis. */
export function fitToTelegram(text: string): string {
  return text.length > TELEGRAM_TEXT_LIMIT ? `${text.slice(0, TELEGRAM_TEXT_LIMIT - 1)}…` : text;
}
