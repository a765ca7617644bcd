import type { ChatContext } from './chat-context.ts';
import type { Reply } from './commands.ts';
import type { AgentDeps } from './deps.ts';
import { helpText } from './replies.ts';

/** Starts every fallback answer, so a second one in a row can be recognised in the chat's memory. */
export const FALLBACK_MARK = '🤔';

/** Turns read to spot repeated confusion: the previous exchange is enough. */
const RECENT_TURNS = 2;

/**
 * The answer to a message nothing understood (no model configured): one or two lines saying what
 * was missing and what would work. Only when the person was confused the time before too does the
 * full list follow — a ten-line block on every unknown message reads as "I can't talk".
 */
export async function fallbackReply(deps: AgentDeps, ctx: ChatContext, why: 'no_time' | 'question'): Promise<Reply> {
  const short =
    why === 'question'
      ? `${FALLBACK_MARK} I can't answer questions without the assistant model, but I can manage reminders: try "list", "what's next" or "what do I have tomorrow".`
      : `${FALLBACK_MARK} I didn't find a time in that — try "tomorrow at 9 call Anna" or "in 20 minutes take the pizza out".`;
  const turns = await deps.store.listTurns(ctx.chatId, ctx.now, RECENT_TURNS);
  const confusedBefore = turns.some((turn) => turn.role === 'assistant' && turn.content.startsWith(FALLBACK_MARK));
  return { text: confusedBefore ? `${short}\n\n${helpText(false)}` : `${short}\n/help lists everything I understand.`, refused: true };
}
