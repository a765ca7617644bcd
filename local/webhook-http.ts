import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleWebhook, MAX_BODY_BYTES, type WebhookDeps } from '../core/webhook/handle.ts';

export const WEBHOOK_PATH = '/telegram/webhook';

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
 * Serves the very same {@link handleWebhook} the Lambda runs, at `POST /telegram/webhook`, over node:http.
 *
 * @example
 * const webhook = await startWebhookServer({ port: 0, deps });
 * await telegramApi.setWebhook(webhook.url, { secret_token: secret });
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    serve(req, res, options.deps).catch((error: unknown) => {
      options.deps.log.error('local webhook failed unexpectedly', { error: error instanceof Error ? error.name : String(error) });
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: 'internal error' }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${WEBHOOK_PATH}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: WebhookDeps): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if (path !== WEBHOOK_PATH) return send(res, 404, JSON.stringify({ ok: false, error: 'not found' }));
  if (req.method !== 'POST') return send(res, 405, JSON.stringify({ ok: false, error: 'use POST' }), { allow: 'POST' });
  const { body, complete } = await readBounded(req, MAX_BODY_BYTES + 1);
  const response = await handleWebhook({ headers: flattenHeaders(req), body }, deps);
  // The rest of an oversized upload is discarded unread, and the connection not reused.
  if (!complete) req.resume();
  send(res, response.status, response.body, { ...response.headers, ...(complete ? {} : { connection: 'close' }) });
}

/**
 * Reads at most `limit` bytes. Over the limit it stops and hands on what it has, which the core
 * then answers with 413 — so the size rule lives in one place.
 */
function readBounded(req: IncomingMessage, limit: number): Promise<{ body: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        req.off('data', onData);
        resolve({ body: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), complete: false });
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve({ body: Buffer.concat(chunks).toString('utf8'), complete: true }));
    req.once('error', reject);
  });
}

function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}
