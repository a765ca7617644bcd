import type { Message } from '@aws-sdk/client-bedrock-runtime';
import type { ConversationTurn } from '../core/store/port.ts';
import { DEFAULT_MEMORY, type AgentDeps } from './deps.ts';

/**
 * Conversation memory lives in the table (not in the process), so a recycled AgentCore session
 * picks up where the last one stopped. Turns are plain text: the person's message and the reply
 * they saw. Tool calls are not stored — the reply already says what was done, and a stored
 * toolUse whose toolResult fell outside the window would make Bedrock reject the history.
 */
export async function rememberExchange(deps: AgentDeps, chatId: number, userText: string, replyText: string): Promise<void> {
  // /forget, /new and /memory are about the memory, not part of the conversation: remembering
  // "/forget" right after forgetting would undo it. Verification codes are not kept either.
  if (MEMORY_COMMAND.test(userText.trim())) return;
  const { ttlSeconds } = deps.memory ?? DEFAULT_MEMORY;
  const now = deps.clock();
  await deps.store.appendTurn(chatId, { role: 'user', content: userText }, now, ttlSeconds);
  // Same instant is fine: the store's turn key carries a sequence number that keeps append order.
  await deps.store.appendTurn(chatId, { role: 'assistant', content: replyText }, now, ttlSeconds);
}

/** The chat's recent turns as Converse messages: starts with the person, roles alternate. */
export async function loadHistory(deps: AgentDeps, chatId: number): Promise<Message[]> {
  return toMessages(await currentTurns(deps, chatId));
}

/** Unexpired turns of the current conversation (after the last /new), oldest first, at most `maxTurns`. */
export async function currentTurns(deps: AgentDeps, chatId: number): Promise<ConversationTurn[]> {
  const { maxTurns } = deps.memory ?? DEFAULT_MEMORY;
  const [turns, startAfter] = await Promise.all([deps.store.listTurns(chatId, deps.clock(), maxTurns), deps.tools?.memory?.conversationStart(chatId)]);
  return startAfter === undefined ? turns : turns.filter((turn) => turn.sk > startAfter);
}

/** Memory commands, and `/email verify <code>` (a one-time code has no business in the model's context). */
const MEMORY_COMMAND = /^\/(forget|new|memory)(@\w+)?(\s|$)|^\/email(@\w+)?\s+verify\b/i;

/** Converse requires user/assistant alternation starting with user; merge runs and drop a leading reply. */
export function toMessages(turns: readonly Pick<ConversationTurn, 'role' | 'content'>[]): Message[] {
  const messages: Message[] = [];
  for (const turn of turns) {
    if (!turn.content.trim()) continue;
    const last = messages.at(-1);
    if (!last && turn.role === 'assistant') continue;
    if (last && last.role === turn.role) {
      last.content = [...(last.content ?? []), { text: turn.content }];
    } else {
      messages.push({ role: turn.role, content: [{ text: turn.content }] });
    }
  }
  return messages;
}

/** Records something the agent said on its own (a scheduled action's result), so follow-ups can refer to it. */
export async function rememberReply(deps: AgentDeps, chatId: number, replyText: string): Promise<void> {
  const { ttlSeconds } = deps.memory ?? DEFAULT_MEMORY;
  await deps.store.appendTurn(chatId, { role: 'assistant', content: replyText }, deps.clock(), ttlSeconds);
}
