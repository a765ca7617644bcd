import { z } from 'zod';
import type { Update } from '../telegram/port.ts';

// Only the fields the webhook relies on are checked; loose objects keep everything else, because the
// agent receives the update as Telegram sent it.
const User = z.looseObject({ id: z.number().int() });
const Chat = z.looseObject({ id: z.number().int(), type: z.string() });
const Message = z.looseObject({ message_id: z.number().int(), date: z.number().int(), chat: Chat, from: User.optional() });
const CallbackQuery = z.looseObject({
  id: z.string(),
  from: User,
  // Absent for buttons on inline-mode messages; an inaccessible message still carries its chat.
  message: z.looseObject({ message_id: z.number().int(), chat: Chat }).optional(),
  data: z.string().optional(),
});
const UpdateShape = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: Message.optional(),
  edited_message: Message.optional(),
  callback_query: CallbackQuery.optional(),
});

export type UpdateParseResult = { ok: true; update: Update } | { ok: false; reason: string };

/** Checks that a parsed JSON body is a Telegram Update in the parts Nudge relies on. */
export function parseUpdate(body: unknown): UpdateParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'body is not a JSON object' };
  const result = UpdateShape.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : 'update';
    return { ok: false, reason: `not a Telegram update: ${path}: ${issue?.message ?? 'invalid'}` };
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
