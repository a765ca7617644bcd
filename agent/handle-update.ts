import { handleButtonPress } from './buttons.ts';
import { loadChatContext } from './chat-context.ts';
import { resumeIfBlocked } from './chat-resume.ts';
import { handleCommandText } from './commands.ts';
import type { AgentDeps } from './deps.ts';
import { rememberExchange } from './memory.ts';
import { answerWithModel } from './model/answer.ts';
import type { TelegramMessage, TelegramUpdate } from './payload.ts';
import { noModelReply } from './replies.ts';
import { send } from './send-reply.ts';

export const EDITED_MESSAGE_REPLY =
  "✏️ I don't act on edited messages (the original was already handled). Send the corrected text as a new message — /list shows what is scheduled.";

/**
 * One Telegram update for one chat: a button press, a text message, or an edited message.
 * Anything else (stickers, joins, …) is ignored. The chat id comes from the update the webhook
 * verified, and every step below is bound to it. An update from a chat whose deliveries were
 * paused (bot blocked, chat gone) proves it can be reached again: its reminders resume first.
 */
export async function handleTelegramUpdate(deps: AgentDeps, update: TelegramUpdate): Promise<void> {
  if (update.callback_query) {
    const query = update.callback_query;
    if (!query.message) {
      // Telegram leaves out messages older than 48 h; without it there is no chat to act on.
      await deps.telegram.answerCallbackQuery(query.id, 'That message is too old for its buttons. Use /list instead.');
      return;
    }
    const ctx = await loadChatContext(deps, query.message.chat.id, query.from.id, query.from.language_code);
    await resumeIfBlocked(deps, ctx);
    await handleButtonPress(deps, ctx, query);
    return;
  }
  if (update.message?.text !== undefined) {
    await handleMessage(deps, update.message, update.message.text);
    return;
  }
  if (update.edited_message?.text !== undefined) {
    const message = update.edited_message;
    await resumeIfBlocked(deps, await loadChatContext(deps, message.chat.id, message.from?.id));
    // Acting on an edit would create a second reminder beside the first; say so instead.
    await send(deps, message.chat.id, { text: EDITED_MESSAGE_REPLY });
  }
}

async function handleMessage(deps: AgentDeps, message: TelegramMessage, text: string): Promise<void> {
  const chatId = message.chat.id;
  const ctx = await loadChatContext(deps, chatId, message.from?.id, message.from?.language_code, message.from?.first_name);
  await resumeIfBlocked(deps, ctx);
  const direct = await handleCommandText(deps, ctx, text);
  // "remind me …" that the parser could not read is worth a try with the model, when there is one.
  const askModel = deps.model !== undefined && (!direct || (direct.refused === true && /^remind me\b/i.test(text.trim())));
  if (direct && !askModel) {
    await send(deps, chatId, direct);
    await rememberExchange(deps, chatId, text, direct.text);
    return;
  }
  if (!deps.model) {
    await send(deps, chatId, { text: noModelReply() });
    return;
  }
  await deps.telegram.sendChatAction(chatId, 'typing').catch(() => undefined);
  const answer = await answerWithModel(deps, deps.model, ctx, text);
  await send(deps, chatId, { text: answer.reply, ...(answer.buttons ? { buttons: answer.buttons } : {}) });
  await rememberExchange(deps, chatId, text, [...answer.sent, answer.reply].join('\n'));
}

export { fitToTelegram, NOT_KEPT_REASON, send } from './send-reply.ts';
