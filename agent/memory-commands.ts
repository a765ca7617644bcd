import type { ChatContext } from './chat-context.ts';
import type { Reply } from './reply.ts';
import { DEFAULT_MEMORY, type AgentDeps } from './deps.ts';
import { currentTurns } from './memory.ts';

/** Characters of each remembered message /memory quotes. */
const QUOTE_CHARS = 100;

const NOT_AVAILABLE = 'Memory controls are not available here. (Conversation memory still expires by itself.)';

/** `/forget`: deletes the chat's conversation memory. Reminders and e-mail addresses stay. */
export async function forgetCommand(deps: AgentDeps, ctx: ChatContext): Promise<Reply> {
  const memory = deps.tools?.memory;
  if (!memory) return { text: NOT_AVAILABLE, refused: true };
  const deleted = await memory.forget(ctx.chatId);
  return {
    text:
      deleted === 0
        ? "🧹 There was nothing to forget: I don't remember any of our conversation. Your reminders are unchanged."
        : `🧹 Forgotten: I deleted our conversation (${deleted} ${deleted === 1 ? 'message' : 'messages'}). Your reminders and verified e-mail addresses are unchanged.`,
  };
}

/** `/new`: a fresh conversation; what was said before is no longer used and expires as usual. */
export async function newConversationCommand(deps: AgentDeps, ctx: ChatContext): Promise<Reply> {
  const memory = deps.tools?.memory;
  if (!memory) return { text: NOT_AVAILABLE, refused: true };
  await memory.startNew(ctx.chatId, ctx.now);
  const days = Math.round((deps.memory ?? DEFAULT_MEMORY).ttlSeconds / 86_400);
  return { text: `🆕 New conversation: I won't use anything we said before. (Older messages expire within ${days} days; /forget deletes them now.)` };
}

/** `/memory`: what the model would see of this conversation — the last turns, each cut to one line. */
export async function memoryCommand(deps: AgentDeps, ctx: ChatContext): Promise<Reply> {
  const turns = await currentTurns(deps, ctx.chatId);
  const { maxTurns, ttlSeconds } = deps.memory ?? DEFAULT_MEMORY;
  if (turns.length === 0) return { text: "🧠 I don't remember anything of our conversation right now. (Reminders are kept separately: /list.)" };
  const lines = turns.map((turn) => `• ${turn.role === 'user' ? 'You' : 'Me'}: ${oneLine(turn.content)}`);
  return {
    text: [
      `🧠 I remember the last ${turns.length} ${turns.length === 1 ? 'message' : 'messages'} of our conversation (at most ${maxTurns}, each kept ${Math.round(ttlSeconds / 86_400)} days):`,
      ...lines,
      '/new starts a fresh conversation; /forget deletes all of it.',
    ].join('\n'),
  };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS - 1)}…` : flat;
}
