/** Bot API object shapes the stand-in produces (a realistic subset of Telegram's). */
export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  first_name?: string;
  username?: string;
  title?: string;
}

export interface TgButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface TgMessage {
  message_id: number;
  from: TgUser;
  chat: TgChat;
  date: number;
  edit_date?: number;
  text: string;
  entities?: Array<{ type: string; offset: number; length: number }>;
  reply_markup?: { inline_keyboard: TgButton[][] };
  reply_to_message?: TgMessage;
  document?: TgDocument;
  caption?: string;
}

export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name: string;
  mime_type?: string;
  file_size: number;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message: TgMessage;
  chat_instance: string;
  data: string;
}

export type TgUpdate = { update_id: number } & ({ message: TgMessage } | { callback_query: TgCallbackQuery });

/** A Bot API error answer: `{ ok: false, error_code, description, parameters? }`. */
export class BotApiFailure extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = 'BotApiFailure';
  }
}

/** A user-side request the stand-in cannot honour (unknown message, button, bad body). */
export class StandInRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StandInRequestError';
  }
}

/** How one chat message looks on the user side (`GET /user/<chatId>/messages`, SSE, `sentMessages`). */
export interface ChatMessageView {
  chat_id: number;
  message_id: number;
  from: 'bot' | 'user';
  text: string;
  parse_mode?: string;
  buttons: TgButton[][];
  /** When the stand-in accepted the message, ms since the epoch. */
  received_at: number;
  edited_at?: number;
  /** The writer, for user messages. */
  user?: TgUser;
  reply_to_message_id?: number;
  /** A file the bot sent (sendDocument): its name, type, size and bytes (base64); `text` is its caption. */
  document?: { file_name: string; mime_type?: string; file_size: number; content_base64: string };
}

export interface CallbackAnswerView {
  callback_query_id: string;
  chat_id: number;
  message_id: number;
  data: string;
  text?: string;
  show_alert: boolean;
  answered_at: number;
}

export interface ChatActionView {
  chat_id: number;
  action: string;
  at: number;
}
