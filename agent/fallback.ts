import type { ChatContext } from './chat-context.ts';
import type { Reply } from './reply.ts';
import type { AgentDeps } from './deps.ts';
import { t } from './i18n/translate.ts';
import { helpText } from './replies.ts';

/** Starts every fallback answer (in each catalog), so a second one in a row can be recognised in the chat's memory. */
export const FALLBACK_MARK = '🤔';

/** Turns read to spot repeated confusion: the previous exchange is enough. */
const RECENT_TURNS = 2;

/**
 * The answer to a message nothing understood (no model configured): one or two lines saying what
 * was missing and what would work. Only when the person was confused the time before too does the
 * full list follow — a ten-line block on every unknown message reads as "I can't talk".
 */
export async function fallbackReply(deps: AgentDeps, ctx: ChatContext, why: 'no_time' | 'question'): Promise<Reply> {
  const short = t(ctx.lang, why === 'question' ? 'fallbackQuestion' : 'fallbackNoTime');
  const turns = await deps.store.listTurns(ctx.chatId, ctx.now, RECENT_TURNS);
  const confusedBefore = turns.some((turn) => turn.role === 'assistant' && turn.content.startsWith(FALLBACK_MARK));
  return { text: confusedBefore ? `${short}\n\n${helpText(false, ctx.lang)}` : `${short}\n${t(ctx.lang, 'fallbackMore')}`, refused: true };
}
