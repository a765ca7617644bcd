import type { Log } from '../log.ts';
import type { TelegramClient } from '../telegram/port.ts';
import { describe } from './deliver-row.ts';

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
 * The Telegram client for the bot token in force, for one sweeper run: a rotated token (BotFather
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
