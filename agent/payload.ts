import { z } from 'zod';
import { ReminderItem, TelegramCallbackQuery, TelegramMessage, TelegramUpdate } from '../schema/index.ts';

// The Update schema is the webhook's too (schema/telegram-update.ts): one definition, one verdict.
export { TelegramCallbackQuery, TelegramMessage, TelegramUpdate };

/** What `POST /invocations` accepts. */
export const InvocationPayload = z.discriminatedUnion('type', [
  z.object({ type: z.literal('telegram_update'), update: TelegramUpdate }),
  z.object({ type: z.literal('reminder_due'), reminder: ReminderItem, claimToken: z.string().min(1).max(100).optional() }),
]);

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
