import { z } from 'zod';
import { ReminderItem } from '../schema/index.ts';

/**
 * The parts of a Telegram update the agent reads. Everything else is passed through untouched:
 * Telegram adds fields over time and an unknown field must not turn a good update into a 400.
 */
const TelegramChat = z.looseObject({ id: z.number().int().safe() });
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
  update_id: z.number().int(),
  message: TelegramMessage.optional(),
  edited_message: TelegramMessage.optional(),
  callback_query: TelegramCallbackQuery.optional(),
});

/** What `POST /invocations` accepts. */
export const InvocationPayload = z.discriminatedUnion('type', [
  z.object({ type: z.literal('telegram_update'), update: TelegramUpdate }),
  z.object({ type: z.literal('reminder_due'), reminder: ReminderItem }),
]);

export type TelegramMessage = z.infer<typeof TelegramMessage>;
export type TelegramCallbackQuery = z.infer<typeof TelegramCallbackQuery>;
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;
export type InvocationPayload = z.infer<typeof InvocationPayload>;

/** The chat an invocation concerns, or undefined for an update that carries none (nothing to do). */
export function chatIdOf(payload: InvocationPayload): number | undefined {
  if (payload.type === 'reminder_due') return payload.reminder.chatId;
  const { update } = payload;
  return update.message?.chat.id ?? update.edited_message?.chat.id ?? update.callback_query?.message?.chat.id;
}

/** A one-line reason for a zod failure, naming the path: "update.update_id: expected number". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
}
