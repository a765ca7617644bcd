import { Api, GrammyError, HttpError } from 'grammy';
import { ScriptError } from './errors.ts';

/** Bot API client for the scripts; `TELEGRAM_API_ROOT` points it at a stand-in (tests, local mode). */
export function botApi(token: string, env: NodeJS.ProcessEnv = process.env): Api {
  return new Api(token, { apiRoot: env.TELEGRAM_API_ROOT || 'https://api.telegram.org', timeoutSeconds: 20 });
}

/** Explains a failed Bot API call without its payload (which holds the webhook secret). */
export function explainTelegramError(error: unknown, method: string): ScriptError {
  if (error instanceof GrammyError) {
    const hint = error.error_code === 401 || error.error_code === 404 ? ' The bot token is wrong or was revoked: store a fresh one with `npm run token:store`.' : '';
    return new ScriptError(`Telegram refused ${method} (${error.error_code}: ${error.description}).${hint}`, { cause: error });
  }
  if (error instanceof HttpError) {
    return new ScriptError(`Could not reach Telegram for ${method}: ${(error.error as Error)?.message ?? 'network error'}.`, { cause: error });
  }
  return new ScriptError(`${method} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
