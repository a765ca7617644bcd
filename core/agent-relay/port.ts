import type { ReminderItem } from '../../schema/index.ts';
import type { Update } from '../telegram/port.ts';

/** What the agent runtime's /invocations accepts. */
export type AgentPayload =
  | { type: 'telegram_update'; update: Update }
  /**
   * A due scheduled action. `claimToken` is the sweeper's claim: the row stays claimed until the agent
   * records the outcome with it (complete, or retry later), so an action lost with its session comes
   * back after the lease instead of vanishing (at least once).
   */
  | { type: 'reminder_due'; reminder: ReminderItem; claimToken?: string };

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

/** The agent did not answer within the relay's time budget (the invoke may still land: treat as "unknown"). */
export class AgentRelayTimeoutError extends AgentRelayError {
  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`agent did not answer within ${timeoutMs} ms`, options);
    this.name = 'AgentRelayTimeoutError';
  }
}

/** The agent (or AgentCore in front of it) answered, but not with "accepted". */
export class AgentRelayRejectedError extends AgentRelayError {
  constructor(
    message: string,
    /** HTTP status of the answer, when there was one. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AgentRelayRejectedError';
  }
}

/** What /invocations answers once it has taken the work on; anything else is a failed relay. */
export const AGENT_ACCEPTED_REPLY = { status: 'accepted' } as const;

/** True when an /invocations answer body says the work was accepted (`{"status":"accepted", ...}`). */
export function isAgentAccepted(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && (parsed as { status?: unknown }).status === AGENT_ACCEPTED_REPLY.status;
  } catch {
    return false;
  }
}

/** AgentCore wants 33–256 characters; one stable session per chat keeps its work in one microVM, in order. */
export function sessionIdForChat(chatId: number): string {
  // '_' is never part of a chat id, so the padding cannot make two chats collide.
  return `telegram-chat-session-${chatId}`.padEnd(33, '_');
}
