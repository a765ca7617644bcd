import type { Log } from '../log.ts';
import type { SendOutcome, TelegramClient } from './port.ts';
import { describeError as describe } from '../describe-error.ts';

export interface TelegramForCurrentTokenOptions {
  /**
   * The bot token as of now. Called on every run, so it must be cheap: in the Lambda it is Powertools'
   * `getParameter(name, { maxAge })`, which answers from its cache until `maxAge` has passed.
   */
  readToken: () => Promise<string>;
  /** A client for `token` (called only when the token is new). */
  build: (token: string) => TelegramClient;
  log: Log;
}

/**
 * The Telegram client for the bot token in force, for one sweeper run or agent call: a rotated token (BotFather
 * "revoke", a new SSM value) reaches a warm container within the cache's max age instead of only at its
 * next cold start. The client is rebuilt only when the value changed, so ordinary runs keep it (and its
 * rate limiter's state).
 *
 * The first call throws whatever `readToken` throws (the run cannot send without a token). Later, a
 * failed read keeps the client already built and logs a warning: an SSM hiccup should not stop
 * deliveries that the known token can still make. The token itself is never logged.
 *
 * @example
 * const telegramForRun = telegramForCurrentToken({ readToken, build: (token) => createTelegramClient({ token }), log });
 * await sweep({ ...deps, telegram: await telegramForRun() }, options);
 */
export function telegramForCurrentToken(options: TelegramForCurrentTokenOptions): () => Promise<TelegramClient> {
  let current: { token: string; client: TelegramClient } | undefined;
  return async () => {
    let token: string;
    try {
      token = await options.readToken();
    } catch (error) {
      if (!current) throw error;
      options.log.warn('bot token could not be re-read; using the one already loaded', { error: describe(error) });
      return current.client;
    }
    if (current?.token !== token) {
      if (current) options.log.info('bot token changed: Telegram client rebuilt');
      current = { token, client: options.build(token) };
    }
    return current.client;
  };
}

export interface CurrentTokenTelegramOptions {
  /** Keep trying to read the token this long before a send fails (work waits rather than dying). */
  waitForTokenMs: number;
  /** Pause between tries while the token cannot be read. */
  retryEveryMs: number;
  sleep: (ms: number) => Promise<void>;
  clock: () => Date;
  log: Log;
}

/**
 * A Telegram client that reads the token only when it first needs it, and follows rotation: every call
 * goes through `telegramForRun` (cheap while the token's cache is fresh). While the token cannot be
 * read (SSM throttled, denied, down) a call waits and tries again for up to `waitForTokenMs`, then
 * fails with the reader's ConfigError — so a process can start, answer health checks and keep its
 * queue while SSM is unavailable.
 */
export function currentTokenTelegram(telegramForRun: () => Promise<TelegramClient>, options: CurrentTokenTelegramOptions): TelegramClient {
  const current = async (): Promise<TelegramClient> => {
    const giveUpAt = options.clock().getTime() + options.waitForTokenMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await telegramForRun();
      } catch (error) {
        if (options.clock().getTime() + options.retryEveryMs > giveUpAt) throw error;
        if (attempt === 1) options.log.warn('bot token not readable yet; Telegram calls wait for it', { error: describe(error) });
        await options.sleep(options.retryEveryMs);
      }
    }
  };
  return {
    sendMessage: async (chatId, text, sendOptions): Promise<SendOutcome> => (await current()).sendMessage(chatId, text, sendOptions),
    editMessageText: async (chatId, messageId, text, editOptions) => (await current()).editMessageText(chatId, messageId, text, editOptions),
    editMessageReplyMarkup: async (chatId, messageId, buttons) => (await current()).editMessageReplyMarkup(chatId, messageId, buttons),
    answerCallbackQuery: async (callbackQueryId, text) => (await current()).answerCallbackQuery(callbackQueryId, text),
    sendChatAction: async (chatId, action) => (await current()).sendChatAction(chatId, action),
    sendDocument: async (chatId, document, documentOptions) => (await current()).sendDocument(chatId, document, documentOptions),
    getChatMember: async (chatId, userId) => (await current()).getChatMember?.(chatId, userId),
  };
}

