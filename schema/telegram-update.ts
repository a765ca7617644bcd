import { z } from 'zod';

/**
 * The one Telegram Update schema, shared by the webhook and the agent (#12 item 8): an update the
 * webhook lets through is one the agent accepts, so nothing passes the first check and then fails the
 * second for ever (Telegram re-sends whatever is not answered 2xx). Only the parts Nudge reads are
 * checked; loose objects keep everything else, since Telegram adds fields over time.
 */
const TelegramChat = z.looseObject({ id: z.number().int().safe(), type: z.string().optional() });
const TelegramUser = z.looseObject({ id: z.number().int().safe(), first_name: z.string().optional(), language_code: z.string().optional() });

export const TelegramMessage = z.looseObject({
  message_id: z.number().int(),
  chat: TelegramChat,
  from: TelegramUser.optional(),
  date: z.number().int().optional(),
  text: z.string().optional(),
});

export const TelegramCallbackQuery = z.looseObject({
  id: z.string().min(1),
  from: TelegramUser,
  data: z.string().optional(),
  // Absent when the message is too old for Telegram to include; then there is no chat to act on.
  message: z.looseObject({ message_id: z.number().int(), chat: TelegramChat, text: z.string().optional() }).optional(),
});

export const TelegramUpdate = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: TelegramMessage.optional(),
  edited_message: TelegramMessage.optional(),
  callback_query: TelegramCallbackQuery.optional(),
});

export type TelegramMessage = z.infer<typeof TelegramMessage>;
export type TelegramCallbackQuery = z.infer<typeof TelegramCallbackQuery>;
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;
