import { ReminderNotFoundError } from '../core/store/errors.ts';
import type { ChatContext } from './chat-context.ts';
import type { ConversationButton } from './conversation-buttons.ts';
import type { AgentDeps } from './deps.ts';
import { UserInputError } from './errors.ts';
import { moveEveryOccurrence, moveNextOccurrence } from './move-reminder.ts';
import type { TelegramCallbackQuery } from './payload.ts';
import { t } from './i18n/translate.ts';
import { describeConfirmation } from './replies.ts';
import { cancelReminder, findReminder } from './reminder-ops.ts';
import { assertMayChange } from './group-rights.ts';
import { startPendingEdit } from './pending-edit.ts';

/**
 * A press on a button under one of the bot's replies. The reminder is looked up in the pressing
 * chat only. Each press answers the callback query, then replaces the buttons with what happened,
 * so the choice cannot be made twice; a press racing that edit finds the reminder gone or moved
 * and is told so.
 */
export async function handleConversationPress(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery, button: ConversationButton): Promise<void> {
  try {
    switch (button.action) {
      case 'undo': {
        const removed = await cancelOrGone(deps, ctx, button.reminderId);
        await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, removed ? 'undoneAnswer' : 'alreadyGone'));
        await note(deps, ctx, query, removed ? t(ctx.lang, 'undone', { n: removed.shortId }) : t(ctx.lang, 'alreadyGoneNote'));
        return;
      }
      case 'delete': {
        const removed = await cancelOrGone(deps, ctx, button.reminderId);
        await deps.telegram.answerCallbackQuery(query.id, removed ? t(ctx.lang, 'cancelledAnswer', { n: removed.shortId }) : t(ctx.lang, 'alreadyGone'));
        await note(deps, ctx, query, removed ? t(ctx.lang, 'cancelled', { n: removed.shortId, text: removed.text }) : t(ctx.lang, 'pickGone'));
        return;
      }
      case 'change': {
        const reminder = await findReminder(deps, ctx, button.reminderId);
        await assertMayChange(deps, ctx, reminder);
        const n = reminder.shortId;
        // The next plain message is the edit ("9pm"); without the marker store, the help says how instead.
        const capturing = await startPendingEdit(deps, ctx, reminder);
        await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'changingAnswer', { n }));
        await deps.telegram.sendMessage(ctx.chatId, t(ctx.lang, capturing ? 'changeNext' : 'changeHelp', { n }));
        return;
      }
      case 'move-next': {
        const moved = await moveNextOccurrence(deps, ctx, button.reminderId, new Date(button.at * 1000));
        await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'movedAnswer', { n: moved.shortId }));
        await note(deps, ctx, query, t(ctx.lang, 'movedOnlyNext', { line: describeConfirmation(moved, ctx) }));
        return;
      }
      case 'move-all': {
        const moved = await moveEveryOccurrence(deps, ctx, button.reminderId, button.hour, button.minute);
        await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'movedAnswer', { n: moved.shortId }));
        await note(deps, ctx, query, t(ctx.lang, 'movedEveryTime', { line: describeConfirmation(moved, ctx) }));
        return;
      }
    }
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    await deps.telegram.answerCallbackQuery(query.id, error.message.slice(0, 190));
  }
}

/** Cancels it, or undefined when it is already gone; a refusal (not yours) propagates. */
async function cancelOrGone(deps: AgentDeps, ctx: ChatContext, reminderId: string) {
  if (!(await deps.store.getReminder(ctx.chatId, reminderId))) return undefined;
  try {
    return await cancelReminder(deps, ctx, reminderId);
  } catch (error) {
    // Delivered or cancelled between the read and the delete.
    if (error instanceof ReminderNotFoundError || (error instanceof UserInputError && error.cause instanceof ReminderNotFoundError)) return undefined;
    throw error;
  }
}

/** Replaces the message's buttons with a line saying what the press did. */
async function note(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery, line: string): Promise<void> {
  const message = query.message;
  if (!message) return;
  if (message.text) await deps.telegram.editMessageText(ctx.chatId, message.message_id, `${message.text}\n\n${line}`);
  else await deps.telegram.editMessageReplyMarkup(ctx.chatId, message.message_id);
}
