import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { WebhookDeps } from '../core/webhook/handle.ts';
import { WEBHOOK_PATH } from '../core/webhook/path.ts';
import { createWebhookApp } from '../handlers/webhook-app.ts';


export interface WebhookServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1: local mode is never exposed beyond this machine. */
  host?: string;
  deps: WebhookDeps;
}

export interface WebhookServer {
  /** Full webhook URL, ready for `setWebhook`: `http://127.0.0.1:<port>/telegram/webhook`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves the very same webhook app the Lambda runs (`handlers/webhook-app.ts`) over node:http.
 *
 * @example
 * const webhook = await startWebhookServer({ port: 0, deps });
 * await telegramApi.setWebhook(webhook.url, { secret_token: secret });
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const host = options.host ?? '127.0.0.1';
  const app = createWebhookApp(options.deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${WEBHOOK_PATH}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
