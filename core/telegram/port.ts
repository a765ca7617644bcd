import type { InlineKeyboardButton, Update } from 'grammy/types';

export type { InlineKeyboardButton, Update };

/** What a send came to. The sweeper acts on `kind`; it never parses error strings. */
export type SendOutcome =
  | { kind: 'delivered'; messageId: number }
  /** Worth trying again later (429 beyond the wait budget, 5xx, timeout, network). */
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
}

/** A file to send: its name as the user sees it (Telegram derives the type from it) and its bytes. */
export interface OutgoingDocument {
  fileName: string;
  content: Uint8Array;
}
