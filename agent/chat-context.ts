import type { AgentDeps } from './deps.ts';

/** Who is asking, in which zone, at what instant. Built by the server, never from model output. */
export interface ChatContext {
  readonly chatId: number;
  readonly userId?: number;
  readonly tz: string;
  /** True while the chat has not chosen a zone: replies say which one was assumed. */
  readonly tzAssumed: boolean;
  readonly now: Date;
  /** Deliveries to this chat failed for good (bot blocked, chat gone) and its reminders are paused. */
  readonly blocked?: boolean;
}

/** Reads the chat's zone from its settings (default zone when none is set). */
export async function loadChatContext(deps: AgentDeps, chatId: number, userId?: number): Promise<ChatContext> {
  const settings = await deps.store.getChatSettings(chatId);
  const tz = settings?.timezone;
  return { chatId, userId, tz: tz ?? deps.defaultTimezone, tzAssumed: tz === undefined, now: deps.clock(), ...(settings?.blocked ? { blocked: true } : {}) };
}
