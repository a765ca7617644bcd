import type { AgentDeps } from './deps.ts';
import { pickLanguage, type Language } from './i18n/languages.ts';

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
  /** Language of the replies: the chat's /lang choice, else the writer's Telegram language, else English. */
  readonly lang?: Language;
  /** The writer's first name, when Telegram gave it: group confirmations say who set a reminder. */
  readonly userName?: string;
  /** The reminder this chat's next plain message edits (after ✏️ Change), as stored; the reader checks `until` and the user. */
  readonly pendingEdit?: { reminderId: string; userId?: number; until: string };
}

/** Reads the chat's zone from its settings (default zone when none is set). */
export async function loadChatContext(deps: AgentDeps, chatId: number, userId?: number, languageCode?: string, userName?: string): Promise<ChatContext> {
  const settings = await deps.store.getChatSettings(chatId);
  const tz = settings?.timezone;
  const lang = pickLanguage(settings?.language) ?? pickLanguage(languageCode) ?? 'en';
  return { chatId, userId, tz: tz ?? deps.defaultTimezone, tzAssumed: tz === undefined, now: deps.clock(), lang, ...(userName ? { userName } : {}), ...(settings?.blocked ? { blocked: true } : {}), ...(settings?.pendingEdit ? { pendingEdit: settings.pendingEdit } : {}) };
}
