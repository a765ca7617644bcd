import { decodeDraftButton } from '../core/draft-buttons.ts';
import type { ChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import type { TelegramCallbackQuery } from './payload.ts';
import { t } from './i18n/translate.ts';
import { describeConfirmation } from './replies.ts';
import { createFromDraft } from './reminder-ops.ts';

/**
 * A press on ✅ Save as shown / ✏️ Change / ❌ Cancel under an unsure reading. Taking the draft deletes it,
 * so only the first press acts; the buttons go away, and what happened is said in the chat.
 * UserInputError (the time passed meanwhile) propagates to the caller, which answers the press with it.
 */
export async function handleDraftPress(deps: AgentDeps, ctx: ChatContext, query: TelegramCallbackQuery): Promise<void> {
  const press = decodeDraftButton(query.data ?? '');
  const messageId = query.message?.message_id;
  const draft = press ? await deps.store.takeDraft(ctx.chatId, press.draftId, ctx.now) : undefined;
  if (!press || !draft) {
    await deps.telegram.answerCallbackQuery(query.id, t(ctx.lang, 'draftAlreadyAnswered'));
    return;
  }
  if (messageId !== undefined) await deps.telegram.editMessageReplyMarkup(ctx.chatId, messageId);
  if (press.choice === 'save') {
    const reminder = await createFromDraft(deps, ctx, draft);
    await deps.telegram.answerCallbackQuery(query.id, 'Saved');
    await deps.telegram.sendMessage(ctx.chatId, describeConfirmation(reminder, ctx));
    return;
  }
  await deps.telegram.answerCallbackQuery(query.id, press.choice === 'change' ? 'Not saved' : 'Cancelled');
  await deps.telegram.sendMessage(ctx.chatId, press.choice === 'change'
    ? `Nothing saved. Send "${draft.text}" again with the time the way you mean it, e.g. "every day at 8 and 20 ${draft.text}".`
    : '❌ Cancelled — nothing saved.');
}
