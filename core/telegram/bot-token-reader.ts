import { ConfigError } from '../config/env.ts';

/** Powertools' `getParameter` as the runtimes call it (a seam: tests pass a provider on a local SSM). */
export type ParameterReader = (name: string, options: { decrypt: true; maxAge: number }) => Promise<string | undefined>;

export interface BotTokenReaderOptions {
  /** SSM SecureString holding the token. */
  parameterName: string;
  /** Cache age: reads within it are answered from Powertools' cache, so a rotation lands within it. */
  maxAgeSeconds: number;
  read: ParameterReader;
  /** The setting errors name (never the value). */
  setting?: string;
  /** A throttled or briefly failing read is tried again before the caller sees an error. */
  retry?: { attempts: number; baseDelayMs: number };
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY = { attempts: 3, baseDelayMs: 200 };

/**
 * The one way Nudge reads the bot token (agent, sweeper and webhook): lazily (nothing at import or
 * start-up), cached for `maxAgeSeconds` by the Parameters provider and then re-read (so a token
 * rotated in SSM reaches warm processes), with a short retry on failures. Fails with a ConfigError
 * naming the parameter and the error's name — never the value.
 *
 * @example
 * const readToken = createBotTokenReader({ parameterName: '/nudge/telegram/bot-token', maxAgeSeconds: 300, read: getParameter });
 */
export function createBotTokenReader(options: BotTokenReaderOptions): () => Promise<string> {
  const setting = options.setting ?? 'NUDGE_BOT_TOKEN_PARAM';
  const { attempts, baseDelayMs } = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async () => {
    let token: string | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        token = await options.read(options.parameterName, { decrypt: true, maxAge: options.maxAgeSeconds });
        break;
      } catch (error) {
        if (attempt >= attempts) {
          throw new ConfigError(setting, `SSM parameter ${options.parameterName} could not be read: ${errorName(error)}`);
        }
        await sleep(baseDelayMs * 2 ** (attempt - 1));
      }
    }
    if (!token) throw new ConfigError(setting, `SSM parameter ${options.parameterName} is empty`);
    return token;
  };
}

/** The SDK's error name (Powertools wraps it in a GetParameterError whose cause is the SDK error). */
function errorName(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  return error.name === 'GetParameterError' && error.cause instanceof Error ? error.cause.name : error.name;
}
