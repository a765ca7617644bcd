import { EventEmitter } from 'node:events';
import type { CallbackAnswerView, ChatActionView, ChatMessageView, TgButton, TgCallbackQuery, TgChat, TgMessage, TgUpdate, TgUser } from './types.ts';
import { StandInRequestError } from './types.ts';

export interface StoredMessage {
  message: TgMessage;
  /** Bytes of a sent document. */
  file?: Buffer;
  by: 'bot' | 'user';
  parseMode?: string;
  receivedAt: number;
  editedAt?: number;
}

export interface ChatRecord {
  chat: TgChat;
  messages: StoredMessage[];
  nextMessageId: number;
  answers: CallbackAnswerView[];
  actions: ChatActionView[];
}

/** Events per chat, for SSE and long polls. */
export type ChatEvent =
  | { type: 'message' | 'edit'; message: ChatMessageView }
  | { type: 'chat_action'; action: ChatActionView }
  | { type: 'callback_answer'; answer: CallbackAnswerView };

interface PendingQuery {
  query: TgCallbackQuery;
  answered: boolean;
}

/** Telegram's default when `allowed_updates` was never set: everything except a few opt-in kinds. */
const ALL_UPDATE_TYPES = null;

/**
 * The stand-in's memory: chats with their messages, the queue of unconfirmed updates, callback
 * queries. Everything Telegram would keep server-side, nothing about HTTP.
 */
export class World {
  readonly events = new EventEmitter();
  readonly chats = new Map<number, ChatRecord>();
  /** Updates not yet confirmed (getUpdates offset) or acknowledged (webhook 2xx), oldest first. */
  pending: Array<{ update: TgUpdate; chatId: number }> = [];
  allowedUpdates: string[] | null = ALL_UPDATE_TYPES;
  private nextUpdateId: number;
  private nextQueryId = 1;
  private readonly queries = new Map<string, PendingQuery>();
  /** Members tests made group admins (getChatMember answers "administrator" for them), per chat. */
  private readonly admins = new Map<number, Set<number>>();

  constructor(
    readonly bot: TgUser,
    readonly now: () => number = Date.now,
    firstUpdateId?: number,
  ) {
    this.events.setMaxListeners(0);
    this.nextUpdateId = firstUpdateId ?? defaultFirstUpdateId(now());
  }

  setAdmin(chatId: number, userId: number, admin: boolean): void {
    const set = this.admins.get(chatId) ?? new Set<number>();
    if (admin) set.add(userId);
    else set.delete(userId);
    this.admins.set(chatId, set);
  }

  /** What getChatMember says: "administrator" for members marked so, "member" for everyone else. */
  memberStatus(chatId: number, userId: number): 'administrator' | 'member' {
    return this.admins.get(chatId)?.has(userId) ? 'administrator' : 'member';
  }

  chat(chatId: number, user?: TgUser): ChatRecord {
    let record = this.chats.get(chatId);
    if (!record) {
      const chat: TgChat =
        chatId > 0
          ? { id: chatId, type: 'private', first_name: user?.first_name ?? defaultUser(chatId).first_name, ...(user?.username ? { username: user.username } : {}) }
          : { id: chatId, type: chatId <= -1_000_000_000_000 ? 'supergroup' : 'group', title: `Test group ${-chatId}` };
      record = { chat, messages: [], nextMessageId: 1, answers: [], actions: [] };
      this.chats.set(chatId, record);
    }
    return record;
  }

  findMessage(chatId: number, messageId: number): StoredMessage | undefined {
    return this.chats.get(chatId)?.messages.find((m) => m.message.message_id === messageId);
  }

  /** Stores a message the bot sent and tells watchers. */
  /** `receivedAt`: when flood control admitted it, so the history and the 429 window count the same instant. */
  addBotMessage(chatId: number, text: string, extra: { buttons?: TgButton[][]; parseMode?: string; replyTo?: number; document?: { fileName: string; mimeType?: string; content: Buffer }; receivedAt?: number }): StoredMessage {
    const record = this.chat(chatId);
    const reply = extra.replyTo !== undefined ? this.findMessage(chatId, extra.replyTo) : undefined;
    const message: TgMessage = {
      message_id: record.nextMessageId++,
      from: this.bot,
      chat: record.chat,
      date: this.unixNow(),
      text,
      ...(extra.buttons?.length ? { reply_markup: { inline_keyboard: extra.buttons } } : {}),
      ...(reply ? { reply_to_message: snapshot(reply.message) } : {}),
      ...(extra.document ? {
        caption: text,
        document: {
          file_id: `doc-${chatId}-${record.nextMessageId - 1}`, file_unique_id: `doc-${chatId}-${record.nextMessageId - 1}`,
          file_name: extra.document.fileName, ...(extra.document.mimeType ? { mime_type: extra.document.mimeType } : {}), file_size: extra.document.content.length,
        },
      } : {}),
    };
    const stored: StoredMessage = {
      message, by: 'bot', receivedAt: extra.receivedAt ?? this.now(), ...(extra.parseMode ? { parseMode: extra.parseMode } : {}), ...(extra.document ? { file: extra.document.content } : {}),
    };
    record.messages.push(stored);
    this.emit(chatId, { type: 'message', message: view(stored) });
    return stored;
  }

  editBotMessage(chatId: number, stored: StoredMessage, change: { text?: string; buttons?: TgButton[][]; parseMode?: string }): void {
    const message = stored.message;
    if (change.text !== undefined) message.text = change.text;
    if (change.parseMode !== undefined) stored.parseMode = change.parseMode;
    if (change.buttons !== undefined) {
      if (change.buttons.length) message.reply_markup = { inline_keyboard: change.buttons };
      else delete message.reply_markup;
    }
    message.edit_date = this.unixNow();
    stored.editedAt = this.now();
    this.emit(chatId, { type: 'edit', message: view(stored) });
  }

  /** A user writes: stores the message and queues a `message` update. */
  userWrites(chatId: number, text: string, from?: TgUser): { update_id: number; message_id: number } {
    if (typeof text !== 'string' || text.length === 0) throw new StandInRequestError(400, 'text must be a non-empty string');
    const user = from ?? defaultUser(chatId);
    const record = this.chat(chatId, user);
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    const message: TgMessage = {
      message_id: record.nextMessageId++,
      from: user,
      chat: record.chat,
      date: this.unixNow(),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    };
    const stored: StoredMessage = { message, by: 'user', receivedAt: this.now() };
    record.messages.push(stored);
    this.emit(chatId, { type: 'message', message: view(stored) });
    const update_id = this.queueUpdate(chatId, 'message', (id) => ({ update_id: id, message }));
    return { update_id, message_id: message.message_id };
  }

  /** A user presses an inline button: checks the button exists, queues a `callback_query` update. */
  userPresses(chatId: number, messageId: number, data: string, from?: TgUser): { update_id: number; callback_query_id: string } {
    const stored = this.findMessage(chatId, messageId);
    if (!stored || stored.by !== 'bot') throw new StandInRequestError(404, `no bot message ${messageId} in chat ${chatId}`);
    const pressed = stored.message.reply_markup?.inline_keyboard.flat().some((button) => button.callback_data === data);
    if (!pressed) throw new StandInRequestError(404, `message ${messageId} has no button with callback_data ${JSON.stringify(data)}`);
    const id = `${4_200_000_000_000 + this.nextQueryId++}`;
    const query: TgCallbackQuery = {
      id,
      from: from ?? defaultUser(chatId),
      message: snapshot(stored.message),
      chat_instance: `${BigInt(chatId) * 7919n + 1_000_003n}`,
      data,
    };
    this.queries.set(id, { query, answered: false });
    const update_id = this.queueUpdate(chatId, 'callback_query', (uid) => ({ update_id: uid, callback_query: query }));
    return { update_id, callback_query_id: id };
  }

  /** Marks a callback query answered; `undefined` if unknown or answered before (Telegram refuses both alike). */
  answerQuery(id: string, text: string | undefined, showAlert: boolean): CallbackAnswerView | undefined {
    const pending = this.queries.get(id);
    if (!pending || pending.answered) return undefined;
    pending.answered = true;
    const chatId = pending.query.message.chat.id;
    const answer: CallbackAnswerView = {
      callback_query_id: id,
      chat_id: chatId,
      message_id: pending.query.message.message_id,
      data: pending.query.data,
      ...(text !== undefined ? { text } : {}),
      show_alert: showAlert,
      answered_at: this.now(),
    };
    this.chat(chatId).answers.push(answer);
    this.emit(chatId, { type: 'callback_answer', answer });
    return answer;
  }

  recordAction(chatId: number, action: string): void {
    const entry: ChatActionView = { chat_id: chatId, action, at: this.now() };
    const record = this.chat(chatId);
    record.actions.push(entry);
    if (record.actions.length > 100) record.actions.shift();
    this.emit(chatId, { type: 'chat_action', action: entry });
  }

  /** Drops updates below `offset` (getUpdates confirmation); a negative offset keeps only the last -offset. */
  confirm(offset: number): void {
    if (offset > 0) this.pending = this.pending.filter((p) => p.update.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
  }

  acknowledge(updateId: number): void {
    this.pending = this.pending.filter((p) => p.update.update_id !== updateId);
  }

  onChat(chatId: number, listener: (event: ChatEvent) => void): () => void {
    const name = `chat:${chatId}`;
    this.events.on(name, listener);
    return () => this.events.off(name, listener);
  }

  private queueUpdate(chatId: number, type: string, build: (updateId: number) => TgUpdate): number {
    const update = build(this.nextUpdateId++);
    // Like Telegram, allowed_updates filters when an update is created, not when it is fetched.
    if (this.allowedUpdates === null || this.allowedUpdates.length === 0 || this.allowedUpdates.includes(type)) {
      this.pending.push({ update, chatId });
      this.events.emit('update', update);
    }
    return update.update_id;
  }

  private emit(chatId: number, event: ChatEvent): void {
    this.events.emit(`chat:${chatId}`, event);
    // For whoever keeps the chats (history-file.ts): something in a chat changed.
    this.events.emit('changed', chatId);
  }

  private unixNow(): number {
    return Math.floor(this.now() / 1000);
  }
}

/**
 * Real update ids only grow. Deriving the first one from the clock (ten per second since 2024)
 * keeps a restarted stand-in above the last run's ids — so dedupe markers a previous run left in
 * a persistent table do not swallow new updates — and below 2^31 until about 2030.
 */
export function defaultFirstUpdateId(nowMs: number): number {
  return Math.max(1, Math.floor((nowMs - Date.UTC(2024, 0, 1)) / 100));
}

/** The default writer of chat N: user N in a private chat; in a group, user |N|. */
export function defaultUser(chatId: number): TgUser {
  const id = Math.abs(chatId);
  return { id, is_bot: false, first_name: `Test user ${id}`, language_code: 'en' };
}

/** The user-side view of a stored message. */
export function view(stored: StoredMessage): ChatMessageView {
  const m = stored.message;
  return {
    chat_id: m.chat.id,
    message_id: m.message_id,
    from: stored.by,
    text: m.text,
    ...(stored.parseMode ? { parse_mode: stored.parseMode } : {}),
    buttons: (m.reply_markup?.inline_keyboard ?? []).map((row) => row.map((b) => ({ ...b }))),
    received_at: stored.receivedAt,
    ...(stored.editedAt !== undefined ? { edited_at: stored.editedAt } : {}),
    ...(stored.by === 'user' ? { user: m.from } : {}),
    ...(m.reply_to_message ? { reply_to_message_id: m.reply_to_message.message_id } : {}),
    ...(m.document && stored.file ? {
      document: { file_name: m.document.file_name, ...(m.document.mime_type ? { mime_type: m.document.mime_type } : {}), file_size: m.document.file_size, content_base64: stored.file.toString('base64') },
    } : {}),
  };
}

/** Updates carry the message as it was then; later edits must not change an update already queued. */
function snapshot(message: TgMessage): TgMessage {
  const copy = structuredClone(message);
  delete copy.reply_to_message;
  return copy;
}
