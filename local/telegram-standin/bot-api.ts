import type { Faults, FloodControl } from './faults.ts';
import { visibleText } from './formatting.ts';
import type { LongPoll } from './long-poll.ts';
import { chatIdParam, optionalBool, optionalInt, optionalJson, optionalString, requiredInt, type Params, type UploadedFile } from './params.ts';
import { BotApiFailure, type TgButton, type TgMessage } from './types.ts';
import type { WebhookDelivery } from './webhook.ts';
import { view, type World } from './world.ts';

export interface BotApiContext {
  world: World;
  faults: Faults;
  flood: FloodControl;
  webhook: WebhookDelivery;
  longPoll: LongPoll;
  commands: Map<string, Array<{ command: string; description: string }>>;
}

type Method = (ctx: BotApiContext, params: Params, signal: AbortSignal) => unknown;

const CHAT_ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']);
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const COMMAND = /^[a-z0-9_]{1,32}$/;

/** Runs one Bot API method; throws {@link BotApiFailure} for Telegram-style refusals. */
export async function callBotMethod(ctx: BotApiContext, method: string, params: Params, signal: AbortSignal): Promise<unknown> {
  // Telegram matches method names case-insensitively.
  const entry = Object.entries(METHODS).find(([name]) => name.toLowerCase() === method.toLowerCase());
  if (!entry) throw new BotApiFailure(404, 'Not Found');
  return entry[1](ctx, params, signal);
}

const METHODS: Record<string, Method> = {
  getMe: ({ world }) => ({ ...world.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),

  sendMessage: ({ world, faults, flood }, params) => {
    const chatId = chatIdParam(params);
    const raw = optionalString(params, 'text') ?? '';
    const parseMode = optionalString(params, 'parse_mode');
    const text = visibleText(raw, parseMode);
    if (text.trim().length === 0) throw new BotApiFailure(400, 'Bad Request: message text is empty');
    if (text.length > 4096) throw new BotApiFailure(400, 'Bad Request: message is too long');
    const buttons = inlineKeyboard(params);
    const refusal = faults.chatRefusal(chatId);
    if (refusal) throw refusal;
    const receivedAt = world.now();
    flood.admit(chatId, receivedAt);
    const replyTo = optionalInt(params, 'reply_to_message_id') ?? replyParameters(params);
    return world.addBotMessage(chatId, text, { buttons, receivedAt, ...(parseMode ? { parseMode } : {}), ...(replyTo !== undefined ? { replyTo } : {}) }).message;
  },

  sendDocument: ({ world, faults, flood }, params) => {
    const chatId = chatIdParam(params);
    const file = params.document as UploadedFile | string | undefined;
    if (file === undefined || typeof file === 'string') throw new BotApiFailure(400, 'Bad Request: there is no document in the request');
    const caption = optionalString(params, 'caption') ?? '';
    if (caption.length > 1024) throw new BotApiFailure(400, 'Bad Request: message caption is too long');
    const refusal = faults.chatRefusal(chatId);
    if (refusal) throw refusal;
    const receivedAt = world.now();
    flood.admit(chatId, receivedAt);
    // Like Telegram, the type comes from the file name when the upload says only "octet-stream".
    const mimeType = /\.ics$/i.test(file.fileName) ? 'text/calendar' : file.mimeType || 'application/octet-stream';
    return world.addBotMessage(chatId, caption, { receivedAt, document: { fileName: file.fileName, mimeType, content: file.content } }).message;
  },

  editMessageText: ({ world, faults }, params) => {
    const { chatId, stored } = editable(world, faults, params);
    const parseMode = optionalString(params, 'parse_mode');
    const text = visibleText(optionalString(params, 'text') ?? '', parseMode);
    if (text.trim().length === 0) throw new BotApiFailure(400, 'Bad Request: message text is empty');
    const buttons = inlineKeyboard(params) ?? [];
    if (text === stored.message.text && sameButtons(buttons, stored.message.reply_markup?.inline_keyboard ?? [])) throw notModified();
    world.editBotMessage(chatId, stored, { text, buttons, ...(parseMode ? { parseMode } : {}) });
    return stored.message;
  },

  editMessageReplyMarkup: ({ world, faults }, params) => {
    const { chatId, stored } = editable(world, faults, params);
    const buttons = inlineKeyboard(params) ?? [];
    if (sameButtons(buttons, stored.message.reply_markup?.inline_keyboard ?? [])) throw notModified();
    world.editBotMessage(chatId, stored, { buttons });
    return stored.message;
  },

  answerCallbackQuery: ({ world }, params) => {
    const id = optionalString(params, 'callback_query_id') ?? '';
    const text = optionalString(params, 'text');
    if (text !== undefined && text.length > 200) throw new BotApiFailure(400, 'Bad Request: MESSAGE_TOO_LONG');
    if (!world.answerQuery(id, text, optionalBool(params, 'show_alert'))) {
      throw new BotApiFailure(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    }
    return true;
  },

  getChatMember: ({ world, faults }, params) => {
    const chatId = chatIdParam(params);
    const userId = requiredInt(params, 'user_id');
    const refusal = faults.chatRefusal(chatId);
    if (refusal) throw refusal;
    const status = world.memberStatus(chatId, userId);
    const user = { id: userId, is_bot: false, first_name: `Test user ${userId}` };
    return status === 'administrator' ? { status, user, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true } : { status, user };
  },

  sendChatAction: ({ world, faults }, params) => {
    const chatId = chatIdParam(params);
    const action = optionalString(params, 'action') ?? '';
    if (!CHAT_ACTIONS.has(action)) throw new BotApiFailure(400, 'Bad Request: wrong parameter action in request');
    const refusal = faults.chatRefusal(chatId);
    if (refusal) throw refusal;
    world.recordAction(chatId, action);
    return true;
  },

  setMyCommands: ({ commands }, params) => {
    const list = optionalJson(params, 'commands', "can't parse commands JSON object");
    if (!Array.isArray(list) || list.length > 100) throw new BotApiFailure(400, 'Bad Request: commands must be an array of at most 100 BotCommand');
    const parsed = list.map((item: unknown) => {
      const { command, description } = (item ?? {}) as { command?: unknown; description?: unknown };
      if (typeof command !== 'string' || !COMMAND.test(command)) throw new BotApiFailure(400, 'Bad Request: BOT_COMMAND_INVALID');
      if (typeof description !== 'string' || description.length < 1 || description.length > 256) throw new BotApiFailure(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
      return { command, description };
    });
    commands.set(commandsKey(params), parsed);
    return true;
  },

  getMyCommands: ({ commands }, params) => commands.get(commandsKey(params)) ?? [],

  deleteMyCommands: ({ commands }, params) => {
    commands.delete(commandsKey(params));
    return true;
  },

  setWebhook: ({ world, webhook, longPoll }, params) => {
    const url = optionalString(params, 'url') ?? '';
    if (url === '') {
      webhook.clear();
      return true;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new BotApiFailure(400, 'Bad Request: bad webhook: Failed to resolve host: Name or service not known');
    }
    // Telegram demands HTTPS; the stand-in also takes http so local mode needs no certificate.
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new BotApiFailure(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    const secretToken = optionalString(params, 'secret_token');
    if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken)) throw new BotApiFailure(400, 'Bad Request: secret token contains unallowed characters');
    const allowed = allowedUpdates(params);
    if (allowed) world.allowedUpdates = allowed;
    if (optionalBool(params, 'drop_pending_updates')) world.pending = [];
    const maxConnections = optionalInt(params, 'max_connections') ?? 40;
    webhook.set({ url, ...(secretToken ? { secretToken } : {}), ...(allowed ? { allowedUpdates: allowed } : {}), maxConnections: Math.min(100, Math.max(1, maxConnections)) });
    longPoll.supersede(new BotApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
    return true;
  },

  deleteWebhook: ({ world, webhook }, params) => {
    if (optionalBool(params, 'drop_pending_updates')) world.pending = [];
    webhook.clear();
    return true;
  },

  getWebhookInfo: ({ world, webhook }) => {
    const settings = webhook.settings;
    return {
      url: settings?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: world.pending.length,
      ...(settings ? { ip_address: '127.0.0.1', max_connections: settings.maxConnections } : {}),
      ...(settings?.allowedUpdates ? { allowed_updates: settings.allowedUpdates } : {}),
      ...(settings && webhook.lastErrorDate !== undefined ? { last_error_date: webhook.lastErrorDate, last_error_message: webhook.lastErrorMessage } : {}),
    };
  },

  getUpdates: async ({ world, webhook, longPoll }, params, signal) => {
    if (webhook.settings) throw new BotApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const allowed = allowedUpdates(params);
    if (allowed) world.allowedUpdates = allowed;
    const offset = optionalInt(params, 'offset');
    if (offset !== undefined) world.confirm(offset);
    const limit = Math.min(100, Math.max(1, optionalInt(params, 'limit') ?? 100));
    const timeout = Math.max(0, optionalInt(params, 'timeout') ?? 0);
    return longPoll.poll(limit, timeout, signal);
  },
};

/** A bot message that editMessage* may change, or Telegram's refusal. */
function editable(world: World, faults: BotApiContext['faults'], params: Params) {
  if (params.inline_message_id !== undefined) throw new BotApiFailure(400, 'Bad Request: inline messages are not supported by the stand-in');
  const chatId = chatIdParam(params);
  const messageId = requiredInt(params, 'message_id');
  const refusal = faults.chatRefusal(chatId);
  if (refusal) throw refusal;
  const stored = world.findMessage(chatId, messageId);
  if (!stored) throw new BotApiFailure(400, 'Bad Request: message to edit not found');
  if (stored.by !== 'bot') throw new BotApiFailure(400, "Bad Request: message can't be edited");
  return { chatId, stored };
}

function notModified(): BotApiFailure {
  return new BotApiFailure(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
}

/** The inline keyboard of `reply_markup`, validated like Telegram; other keyboards are accepted and not shown. */
function inlineKeyboard(params: Params): TgButton[][] | undefined {
  const markup = optionalJson(params, 'reply_markup', "can't parse reply keyboard markup JSON object");
  if (markup === undefined) return undefined;
  if (typeof markup !== 'object' || markup === null) throw new BotApiFailure(400, "Bad Request: can't parse reply keyboard markup JSON object");
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return undefined;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) throw new BotApiFailure(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  return rows.map((row: unknown[]) =>
    row.map((raw) => {
      const button = (raw ?? {}) as Record<string, unknown>;
      if (typeof button.text !== 'string' || button.text === '') throw new BotApiFailure(400, 'Bad Request: BUTTON_TEXT_INVALID');
      if (typeof button.callback_data === 'string') {
        const bytes = Buffer.byteLength(button.callback_data);
        if (bytes < 1 || bytes > 64) throw new BotApiFailure(400, 'Bad Request: BUTTON_DATA_INVALID');
        return { text: button.text, callback_data: button.callback_data };
      }
      if (typeof button.url === 'string') return { text: button.text, url: button.url };
      throw new BotApiFailure(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
    }),
  );
}

function replyParameters(params: Params): number | undefined {
  const reply = optionalJson(params, 'reply_parameters', "can't parse reply parameters JSON object");
  const id = (reply as { message_id?: unknown } | undefined)?.message_id;
  return typeof id === 'number' ? id : undefined;
}

function allowedUpdates(params: Params): string[] | undefined {
  const list = optionalJson(params, 'allowed_updates', "can't parse allowed updates");
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) throw new BotApiFailure(400, "Bad Request: can't parse allowed updates");
  return list as string[];
}

function sameButtons(a: TgButton[][], b: TgButton[][]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function commandsKey(params: Params): string {
  const scope = optionalJson(params, 'scope', "can't parse BotCommandScope JSON object") ?? { type: 'default' };
  return `${JSON.stringify(scope)}|${optionalString(params, 'language_code') ?? ''}`;
}

/** For the user side: everything in a chat as views. */
export function chatViews(world: World, chatId: number): ReturnType<typeof view>[] {
  return (world.chats.get(chatId)?.messages ?? []).map(view);
}

export type { TgMessage };
