import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import { silentLog, type Log } from '../core/log.ts';
import { redactToken } from '../core/telegram/index.ts';
import { describeError } from '../core/describe-error.ts';

export interface LongPollingOptions {
  /** Raw grammY Api for the real bot (the Telegram client's `.api`). */
  api: Api;
  /** The local webhook endpoint; each update is POSTed there exactly as Telegram would. */
  webhookUrl: string;
  /** Sent as `X-Telegram-Bot-Api-Secret-Token`, so the webhook checks it as on AWS. */
  secretToken: string;
  log?: Log;
  /** getUpdates' long-poll wait in seconds (Telegram allows up to 50). Default 25. */
  timeoutSeconds?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface RunningLongPolling {
  /** Aborts the pending getUpdates and waits for the loop to end. */
  stop(): Promise<void>;
}

/** Update kinds Nudge handles; the rest are not even fetched. */
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/**
 * Talks to real Telegram without a public URL: removes any webhook (Telegram refuses getUpdates
 * while one is set), then long-polls getUpdates and feeds every update through the local webhook
 * endpoint — the same handleWebhook core as on AWS, with the secret header — so dedupe and
 * authorization behave identically. The offset only moves past an update once the webhook
 * accepted it (2xx), like Telegram's own webhook retries.
 *
 * @example
 * const polling = await startLongPolling({ api: telegram.api, webhookUrl, secretToken });
 * await polling.stop();
 */
export async function startLongPolling(options: LongPollingOptions): Promise<RunningLongPolling> {
  const log = options.log ?? silentLog;
  const doFetch = options.fetch ?? fetch;
  const timeout = options.timeoutSeconds ?? 25;
  const controller = new AbortController();
  const sleep =
    options.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        controller.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      }));
  // grammY types its signal with the abort-controller polyfill; a native signal works at runtime.
  const signal = controller.signal as unknown as Parameters<Api['getUpdates']>[1];

  // Telegram refuses getUpdates while a webhook is set. If this bot is also deployed, its webhook
  // goes away here: say so, with the URL, so it can be registered again afterwards.
  const previous = await options.api.getWebhookInfo();
  await options.api.deleteWebhook({ drop_pending_updates: false });
  if (previous.url) {
    log.warn('removed the bot\'s webhook to poll locally; register it again when done if the bot is also deployed', { url: previous.url });
  }

  /** True when the webhook took the update (or refused it for good); false to try it again later. */
  async function feed(update: Update): Promise<boolean> {
    try {
      const response = await doFetch(options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secretToken },
        body: JSON.stringify(update),
        signal: controller.signal,
      });
      await response.arrayBuffer();
      if (response.ok) return true;
      // A 4xx will never succeed for this body: skip it rather than block every later update.
      if (response.status < 500) {
        log.warn('webhook refused an update; skipped', { updateId: update.update_id, status: response.status });
        return true;
      }
      log.warn('webhook failed an update; will retry', { updateId: update.update_id, status: response.status });
      return false;
    } catch (error) {
      if (controller.signal.aborted) return false;
      log.warn('webhook unreachable; will retry', { updateId: update.update_id, error: describe(error) });
      return false;
    }
  }

  const loop = (async () => {
    let offset: number | undefined;
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        const updates = await options.api.getUpdates(
          { ...(offset !== undefined ? { offset } : {}), timeout, allowed_updates: [...ALLOWED_UPDATES] },
          signal,
        );
        failures = 0;
        for (const update of updates) {
          if (!(await feed(update))) {
            failures++;
            break;
          }
          offset = update.update_id + 1;
        }
        if (failures > 0) await sleep(backoff(failures));
      } catch (error) {
        if (controller.signal.aborted) break;
        failures++;
        // 409: another process polls this bot (or a webhook came back). Say so; keep trying.
        log.warn('getUpdates failed; retrying', { error: describe(error), attempt: failures });
        await sleep(backoff(failures));
      }
    }
  })();

  return {
    async stop() {
      controller.abort();
      await loop;
    },
  };
}

function backoff(failures: number): number {
  return Math.min(30_000, 500 * 2 ** Math.min(failures - 1, 6));
}

function describe(error: unknown): string {
  // grammY's errors never carry the token; messages are safe to log.
  return redactToken(describeError(error));
}
