import type { ReminderItem } from '../../schema/index.ts';
import type { Update } from '../telegram/port.ts';

/** What the agent runtime's /invocations accepts. */
export type AgentPayload =
  | { type: 'telegram_update'; update: Update }
  | { type: 'reminder_due'; reminder: ReminderItem };

/** Hands work to the agent (AgentCore InvokeAgentRuntime on AWS, HTTP /invocations locally). */
export interface AgentRelay {
  /** Resolves once the agent accepted the work; rejects with AgentRelayError otherwise. */
  invoke(chatId: number, payload: AgentPayload): Promise<void>;
}

export class AgentRelayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AgentRelayError';
  }
}

/** AgentCore wants 33–256 characters; one stable session per chat keeps its work in one microVM, in order. */
export function sessionIdForChat(chatId: number): string {
  // '_' is never part of a chat id, so the padding cannot make two chats collide.
  return `telegram-chat-session-${chatId}`.padEnd(33, '_');
}
