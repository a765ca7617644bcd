import type { InlineKeyboardButton, Update } from '@grammyjs/types';

export type { InlineKeyboardButton, Update };

/** What a send came to. The sweeper acts on `kind`; it never parses error strings. */
export type SendOutcome =
  | { kind: 'delivered'; messageId: number }
  /**
   * A send that ended without an answer after the request may have reached Telegram (our timeout, a
   * connection reset after writing). Never re-sent blindly: a second copy is as likely as a lost one.
   * Callers apply one policy (see the README's "How it works"): the sweeper sends a reminder once more
   * after back-off, marked as a possible repeat, and counts it; replies are not repeated.
   */
  | { kind: 'maybe-delivered'; reason: 'timeout' | 'network' }
  /** Worth trying again later (429 beyond the wait budget, 5xx, a failure before the request was written). */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Will not succeed by retrying: the user blocked the bot, the chat is gone or deactivated, or Telegram refused the request. */
  | { kind: 'permanent'; reason: PermanentFailureReason; description: string };

export type PermanentFailureReason = 'blocked' | 'chat_not_found' | 'deactivated' | 'rejected';

export interface SendOptions {
  /** Inline keyboard rows. */
  buttons?: InlineKeyboardButton[][];
  parseMode?: 'HTML' | 'MarkdownV2';
  replyToMessageId?: number;
  disableNotification?: boolean;
}

/** Outgoing Telegram calls, rate-limited and retried inside, with typed outcomes. */
export interface TelegramClient {
  sendMessage(chatId: number, text: string, options?: SendOptions): Promise<SendOutcome>;
  editMessageText(chatId: number, messageId: number, text: string, options?: { buttons?: InlineKeyboardButton[][] }): Promise<SendOutcome>;
  /** Removes (or replaces) a message's inline keyboard. */
  editMessageReplyMarkup(chatId: number, messageId: number, buttons?: InlineKeyboardButton[][]): Promise<SendOutcome>;
  answerCallbackQuery(callbackQueryId: string, text?: string): Promise<void>;
  sendChatAction(chatId: number, action: 'typing'): Promise<void>;
  /** Sends a file (e.g. the `/export` calendar) with an optional caption. */
  sendDocument(chatId: number, document: OutgoingDocument, options?: { caption?: string }): Promise<SendOutcome>;
  /**
   * A member's status in a chat (getChatMember), undefined when Telegram could not say. Optional so
   * clients without it (test doubles) still fit: callers then treat nobody as a group admin.
   */
  getChatMember?(chatId: number, userId: number): Promise<ChatMemberStatus | undefined>;
}

export type ChatMemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** A file to send: its name as the user sees it (Telegram derives the type from it) and its bytes. */
export interface OutgoingDocument {
  fileName: string;
  content: Uint8Array;
}
