import { reminderKeyboard } from '../core/reminder-buttons.ts';
import type { Reminder } from '../core/store/port.ts';
import { loadChatContext } from './chat-context.ts';
import type { AgentDeps } from './deps.ts';
import { send } from './handle-update.ts';
import { rememberReply } from './memory.ts';
import { answerWithModel } from './model/answer.ts';

/**
 * A reminder whose time has come, handed over by the sweeper. Actions run through the model and
 * their result is sent; without a model (or for a plain message) the text goes out as an ordinary
 * reminder with Done/Snooze buttons. The chat is the reminder's own — the row the sweeper claimed.
 */
export async function handleReminderDue(deps: AgentDeps, reminder: Reminder): Promise<void> {
  const buttons = reminderKeyboard(reminder.id);
  if (reminder.work !== 'action' || !deps.model) {
    await send(deps, reminder.chatId, { text: `⏰ ${reminder.text}`, buttons });
    return;
  }
  const ctx = await loadChatContext(deps, reminder.chatId);
  const answer = await answerWithModel(deps, deps.model, ctx, reminder.text, 'action');
  const text = `🤖 #${reminder.shortId} ${answer.reply}`;
  await send(deps, reminder.chatId, { text, buttons });
  await rememberReply(deps, reminder.chatId, text);
}
