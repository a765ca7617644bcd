import { TelegramUpdate } from '../../schema/index.ts';
import type { Update } from '../telegram/port.ts';

export type UpdateParseResult =
  | { ok: true; update: Update }
  /** `poison`: it carries an update id, so it is from Telegram (the secret matched), but it can never be handled. */
  | { ok: false; reason: string; poison?: { updateId: number } };

/**
 * Checks that a parsed JSON body is a Telegram Update in the parts Nudge relies on — with the schema
 * the agent uses too (`schema/telegram-update.ts`), so what passes here is accepted there.
 */
export function parseUpdate(body: unknown): UpdateParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'body is not a JSON object' };
  const result = TelegramUpdate.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : 'update';
    const reason = `not a Telegram update: ${path}: ${issue?.message ?? 'invalid'}`;
    const updateId = (body as { update_id?: unknown }).update_id;
    return Number.isSafeInteger(updateId) && (updateId as number) >= 0 ? { ok: false, reason, poison: { updateId: updateId as number } } : { ok: false, reason };
  }
  // The original object, not zod's copy: nothing Telegram sent is dropped on the way to the agent.
  return { ok: true, update: body as Update };
}

export type HandledField = 'message' | 'edited_message' | 'callback_query';

/** What the webhook does with a valid update: relay it for a chat and a user, or acknowledge and drop it. */
export type UpdateRoute =
  | { kind: 'relay'; field: HandledField; chatId: number; userId: number }
  | { kind: 'ignore'; reason: string };

/** Routes an update by its type. Anything Nudge does not handle (channel posts, polls, membership changes …) is ignored. */
export function routeUpdate(update: Update): UpdateRoute {
  const message = update.message ?? update.edited_message;
  if (message) {
    const field: HandledField = update.message ? 'message' : 'edited_message';
    // Anonymous group admins and channels write without a user; nobody to authorize, nobody to answer.
    if (!message.from) return { kind: 'ignore', reason: `${field} without a sender` };
    return { kind: 'relay', field, chatId: message.chat.id, userId: message.from.id };
  }
  const callback = update.callback_query;
  if (callback) {
    if (!callback.message) return { kind: 'ignore', reason: 'callback_query without a chat message' };
    return { kind: 'relay', field: 'callback_query', chatId: callback.message.chat.id, userId: callback.from.id };
  }
  const type = Object.keys(update).find((key) => key !== 'update_id');
  return { kind: 'ignore', reason: type ? `update type ${type} not handled` : 'empty update' };
}
