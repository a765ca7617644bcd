import { Api, InputFile } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { silentLog, type Log } from '../../core/log.ts';
import { ChatLanes } from '../../core/telegram/chat-lanes.ts';
import { classifySendError } from './classify.ts';
import type { SendOptions, SendOutcome, TelegramClient } from '../../core/telegram/port.ts';
import { RateLimiter, TELEGRAM_RATE_LIMITS, type RateLimits } from '../../core/telegram/rate-limits.ts';
import { compose, type TelegramCall } from './layers/call.ts';
import { inChatOrder } from './layers/chat-order.ts';
import { retriedWithinBudget } from './layers/retry.ts';
import { withinRateLimits } from './layers/rate-limit.ts';
import { attempt, classifiedRequest } from './layers/request.ts';
import { redactToken } from '../../core/telegram/redact.ts';
import { fetchChatMemberStatus } from './chat-member.ts';

export interface TelegramClientOptions {
  token: string;
  /** Bot API root without a trailing slash, e.g. the stand-in's `apiRoot`. Default: https://api.telegram.org */
  apiRoot?: string;
  fetch?: typeof fetch;
  limits?: Partial<RateLimits>;
  /** Bound on the whole call: queueing behind the chat, rate-limit waits, retries. Default 25 s. */
  maxWaitMs?: number;
  /** One HTTP request's limit. Default 10 s. */
  requestTimeoutMs?: number;
  log?: Log;
  /** Milliseconds since the epoch; tests may pass their own. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source for back-off. */
  random?: () => number;
}

export type TelegramClientWithApi = TelegramClient & {
  /** The raw grammY Api (setWebhook, getUpdates, …), same token and apiRoot, no limiter. */
  api: Api;
};

type Keyboard = InlineKeyboardButton[][];
type Call = TelegramCall['request'];

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the outgoing Telegram client: rate-limited per bot and per chat, retried on 429/5xx and on
 * failures before the request was written within `maxWaitMs`, and answering every send with a typed
 * {@link SendOutcome}. A `sendMessage` that timed out or lost its connection after writing is never
 * repeated: it answers `maybe-delivered`.
 *
 * @example
 * const telegram = createTelegramClient({ token, apiRoot: standIn.apiRoot });
 * const outcome = await telegram.sendMessage(42, 'Stretch your legs');
 * if (outcome.kind === 'permanent' && outcome.reason === 'blocked') { ... }
 */
export function createTelegramClient(options: TelegramClientOptions): TelegramClientWithApi {
  const { token } = options;
  if (!token) throw new TypeError('createTelegramClient needs a bot token');
  // Node's own fetch by default: grammY's node-fetch path checks `instanceof AbortSignal`, which fails
  // once esbuild bundles the code for Lambda/AgentCore, turning every send into a network error.
  const api = new Api(token, { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), fetch: options.fetch ?? globalThis.fetch });
  const limiter = new RateLimiter({ ...TELEGRAM_RATE_LIMITS, ...options.limits });
  const lanes = new ChatLanes();
  const maxWaitMs = options.maxWaitMs ?? 25_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const log = options.log ?? silentLog;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  // Outermost first: the chat's turn, then retries within the budget, each attempt after the limiter.
  const deliverCall = compose(
    [
      inChatOrder(lanes, { now, log }),
      retriedWithinBudget({ now, sleep, random, log, token, onRateLimited: (chatId, untilMs) => limiter.pauseChat(chatId, untilMs) }),
      withinRateLimits(limiter, { now, sleep }),
    ],
    classifiedRequest({ now, requestTimeoutMs, token }),
  );
  const deliver = (method: string, chatId: number, request: Call, how: { chatLimited: boolean; messageId?: number; oncePerCall?: boolean }): Promise<SendOutcome> =>
    deliverCall({ method, chatId, request, ...how, deadline: now() + maxWaitMs });

  /** For calls whose failure must not disturb the caller (typing indicators, callback answers). */
  async function bestEffort(method: string, call: Call): Promise<void> {
    const answer = await attempt(call, Math.min(requestTimeoutMs, maxWaitMs));
    if ('error' in answer) {
      const outcome = classifySendError(answer.error, { timedOut: answer.timedOut, token });
      log.warn('telegram best-effort call failed', { method, outcome: outcome.kind, ...(outcome.kind === 'delivered' ? {} : { reason: outcome.reason }), ...(outcome.kind === 'permanent' ? { description: outcome.description } : {}) });
    }
  }

  const markup = (buttons: Keyboard | undefined) => (buttons ? { reply_markup: { inline_keyboard: buttons } } : {});

  return {
    api,
    sendMessage(chatId: number, text: string, send: SendOptions = {}) {
      const other = {
        ...markup(send.buttons),
        ...(send.parseMode ? { parse_mode: send.parseMode } : {}),
        ...(send.replyToMessageId ? { reply_parameters: { message_id: send.replyToMessageId, allow_sending_without_reply: true } } : {}),
        ...(send.disableNotification ? { disable_notification: true } : {}),
      };
      return deliver('sendMessage', chatId, (signal) => api.sendMessage(chatId, text, other, signal), { chatLimited: true, oncePerCall: true });
    },
    // Like Telegram itself: an edit without `buttons` leaves the message without a keyboard.
    editMessageText(chatId, messageId, text, edit = {}) {
      // Edits share the bot-wide limit and the chat's order but not the 1/s chat limit: a pressed
      // button should update at once.
      return deliver('editMessageText', chatId, (signal) => api.editMessageText(chatId, messageId, text, markup(edit.buttons), signal), { chatLimited: false, messageId });
    },
    editMessageReplyMarkup(chatId, messageId, buttons) {
      return deliver('editMessageReplyMarkup', chatId, (signal) => api.editMessageReplyMarkup(chatId, messageId, { reply_markup: { inline_keyboard: buttons ?? [] } }, signal), {
        chatLimited: false,
        messageId,
      });
    },
    answerCallbackQuery(callbackQueryId, text) {
      return bestEffort('answerCallbackQuery', (signal) => api.answerCallbackQuery(callbackQueryId, text ? { text } : {}, signal));
    },
    sendChatAction(chatId, action) {
      return bestEffort('sendChatAction', (signal) => api.sendChatAction(chatId, action, {}, signal));
    },
    sendDocument(chatId, document, options = {}) {
      // A fresh InputFile per attempt: grammY streams its content once.
      return deliver('sendDocument', chatId, (signal) => api.sendDocument(chatId, new InputFile(document.content, document.fileName), options.caption ? { caption: options.caption } : {}, signal), { chatLimited: true });
    },
    getChatMember(chatId, userId) {
      return fetchChatMemberStatus(api, chatId, userId, Math.min(requestTimeoutMs, maxWaitMs), (error) =>
        log.warn('telegram getChatMember failed', { chatId, error: redactToken(error instanceof Error ? error.message : String(error), token) }),
      );
    },
  };
}
