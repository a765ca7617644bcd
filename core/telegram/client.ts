import { Api, InputFile } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { silentLog, type Log } from '../log.ts';
import { backoffDelay } from './backoff.ts';
import { ChatLanes } from './chat-lanes.ts';
import { classifySendError, mayHaveArrived, RETRIED_INSIDE } from './classify.ts';
import type { SendOptions, SendOutcome, TelegramClient } from './port.ts';
import { RateLimiter, TELEGRAM_RATE_LIMITS, type RateLimits } from './rate-limits.ts';
import { redactToken } from './redact.ts';
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
/** grammY types its signal parameter with the abort-controller polyfill; a native signal works at runtime. */
type GrammySignal = Parameters<Api['getMe']>[0];
type Call = (signal: GrammySignal) => Promise<{ message_id: number } | true>;

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

  /** One request with its own timeout; reports whether our timer (not the network) ended it. */
  async function attempt(call: Call, timeoutMs: number): Promise<{ result: { message_id: number } | true } | { error: unknown; timedOut: boolean }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      return { result: await call(controller.signal as unknown as GrammySignal) };
    } catch (error) {
      return { error, timedOut };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * `oncePerCall` marks a call that creates something (sendMessage): repeating it after a timeout or a
   * reset could post a second copy, so such an outcome is returned as `maybe-delivered` instead of
   * retried. Edits set the same state again and keep being retried.
   */
  async function deliver(method: string, chatId: number, call: Call, how: { chatLimited: boolean; messageId?: number; oncePerCall?: boolean }): Promise<SendOutcome> {
    const deadline = now() + maxWaitMs;
    const release = await lanes.acquire(chatId, maxWaitMs);
    if (!release) {
      log.warn('telegram call gave up waiting for its turn in the chat', { method, chatId, maxWaitMs });
      return { kind: 'retry', reason: 'rate_limited' };
    }
    // What went wrong last, so running out of budget afterwards reports the real cause.
    let lastReason = 'rate_limited';
    try {
      for (let attemptNo = 1; ; attemptNo++) {
        const limitWait = limiter.delayAt(chatId, now(), how.chatLimited);
        if (limitWait > 0) {
          if (now() + limitWait > deadline) return { kind: 'retry', reason: lastReason, retryAfterMs: limitWait };
          await sleep(limitWait);
          attemptNo--;
          continue;
        }
        const remaining = deadline - now();
        if (remaining <= 0) return { kind: 'retry', reason: lastReason };
        limiter.record(chatId, now(), how.chatLimited);
        const answer = await attempt(call, Math.min(requestTimeoutMs, remaining));
        if ('result' in answer) {
          const messageId = answer.result === true ? (how.messageId ?? 0) : answer.result.message_id;
          return { kind: 'delivered', messageId };
        }
        const outcome = classifySendError(answer.error, { timedOut: answer.timedOut, messageId: how.messageId, token });
        if (how.oncePerCall && outcome.kind === 'retry' && (outcome.reason === 'timeout' || outcome.reason === 'network') && (answer.timedOut || mayHaveArrived(answer.error))) {
          log.warn('telegram send may have been delivered; not repeating it', { method, chatId, attempts: attemptNo, reason: outcome.reason });
          return { kind: 'maybe-delivered', reason: outcome.reason };
        }
        if (outcome.kind !== 'retry' || !RETRIED_INSIDE.has(outcome.reason)) {
          logFinal(method, chatId, attemptNo, outcome);
          return outcome;
        }
        lastReason = outcome.reason;
        const wait = outcome.retryAfterMs ?? backoffDelay(attemptNo, random);
        if (outcome.reason === 'rate_limited') limiter.pauseChat(chatId, now() + wait);
        if (now() + wait > deadline) {
          log.warn('telegram call out of wait budget', { method, chatId, attempts: attemptNo, reason: outcome.reason, retryAfterMs: wait });
          return { kind: 'retry', reason: outcome.reason, retryAfterMs: wait };
        }
        log.info('telegram call retrying', { method, chatId, attempt: attemptNo, reason: outcome.reason, waitMs: wait });
        await sleep(wait);
      }
    } finally {
      release();
    }
  }

  function logFinal(method: string, chatId: number, attempts: number, outcome: SendOutcome): void {
    if (outcome.kind === 'permanent') log.warn('telegram refused', { method, chatId, attempts, reason: outcome.reason, description: redactToken(outcome.description, token) });
    else if (outcome.kind === 'retry') log.error('telegram call cannot succeed until an operator acts', { method, chatId, attempts, reason: outcome.reason });
  }

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
