import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { closeServer, listen } from './http-listen.ts';
import { listOutbox } from '../adapters/mail/mail-outbox.ts';

/** What the page shows in its chat switcher and info line; served as `/config.json`. */
export interface ChatPageConfig {
  botName: string;
  /** One line about the active brain, e.g. "Brain: deterministic commands only". */
  brain: string;
  /** The zone the bot assumes for chats without /tz: bubble times use the bot's clock. */
  timeZone?: string;
  users: { id: number; first_name: string }[];
  chats: { id: number; title: string; kind: 'private' | 'group'; users: number[] }[];
}

/** The test people and chats of local mode: two private chats and a group with both. */
export const DEFAULT_CHAT_PAGE_CHATS: Pick<ChatPageConfig, 'users' | 'chats'> = {
  users: [
    { id: 1001, first_name: 'Alice' },
    { id: 1002, first_name: 'Bob' },
  ],
  chats: [
    { id: 1001, title: 'Alice', kind: 'private', users: [1001] },
    { id: 1002, title: 'Bob', kind: 'private', users: [1002] },
    { id: -1003, title: 'Team group', kind: 'group', users: [1001, 1002] },
  ],
};

export interface ChatServerOptions {
  /** 0 picks any free port. */
  port: number;
  host: string;
  /** Base URL of the Telegram stand-in; `/user/*` is forwarded there so the page stays same-origin. */
  standInUrl: string;
  page: ChatPageConfig;
  /** Folder with index.html, app.js and style.css; defaults to `local/chat-page`. */
  pageDir?: string;
  /** The admin tab's data (`GET /admin/overview.json`): the same core functions as the `nudge` CLI. */
  adminOverview?: () => Promise<unknown>;
  /** Local mode's mail folder, shown in the Outbox panel (`/outbox.json?chat=<id>`). */
  outboxDir?: string;
}

export interface RunningChatServer {
  url: string;
  stop(): Promise<void>;
}

const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  // The admin tab and the outbox panel live in their own files, apart from the chat page's layout.
  '/admin.js': { file: 'admin.js', type: 'text/javascript; charset=utf-8' },
  '/admin.css': { file: 'admin.css', type: 'text/css; charset=utf-8' },
  '/outbox.js': { file: 'outbox.js', type: 'text/javascript; charset=utf-8' },
  '/outbox.css': { file: 'outbox.css', type: 'text/css; charset=utf-8' },
};

// The page needs nothing from elsewhere; a strict policy keeps a bot message from loading anything.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Builds the chat page app: static page, its config, and a pass-through of the stand-in's user-side API. */
export function createChatApp(options: Pick<ChatServerOptions, 'standInUrl' | 'page' | 'pageDir' | 'adminOverview' | 'outboxDir'>): Hono {
  const pageDir = options.pageDir ?? join(dirname(fileURLToPath(import.meta.url)), 'chat-page');
  const upstream = options.standInUrl.replace(/\/+$/, '');
  const app = new Hono();

  for (const [route, { file, type }] of Object.entries(PAGE_FILES)) {
    app.get(route, async () => {
      // Read per request: the files are tiny, and edits show up on reload while developing the page.
      const body = await readFile(join(pageDir, file));
      return new Response(body, { headers: { 'content-type': type, ...SECURITY_HEADERS } });
    });
  }
  app.get('/config.json', (c) => c.json(options.page, 200, SECURITY_HEADERS));
  app.get('/admin/overview.json', async (c) => {
    if (!options.adminOverview) return c.json({ ok: false, error: 'the admin overview is not available here' }, 404, SECURITY_HEADERS);
    try {
      return c.json({ ok: true, ...(await options.adminOverview()) as Record<string, unknown> }, 200, SECURITY_HEADERS);
    } catch (error) {
      return c.json({ ok: false, error: `the table could not be read (${error instanceof Error ? error.name : 'unknown error'})` }, 503, SECURITY_HEADERS);
    }
  });
  app.get('/outbox.json', async (c) => {
    const chat = c.req.query('chat');
    const chatId = chat !== undefined && /^-?\d+$/.test(chat) ? Number(chat) : undefined;
    const messages = options.outboxDir ? await listOutbox(options.outboxDir, { ...(chatId !== undefined ? { chatId } : {}), limit: 20 }) : [];
    return c.json({ ok: true, enabled: options.outboxDir !== undefined, messages }, 200, SECURITY_HEADERS);
  });

  app.all('/user/*', async (c) => {
    const incoming = c.req.raw;
    const url = new URL(incoming.url);
    const headers = new Headers();
    for (const name of ['content-type', 'accept', 'last-event-id']) {
      const value = incoming.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
    const upstreamAbort = new AbortController();
    const stopUpstream = () => upstreamAbort.abort();
    incoming.signal.addEventListener('abort', stopUpstream, { once: true });
    let answer: Response;
    try {
      answer = await fetch(`${upstream}${url.pathname}${url.search}`, {
        method: incoming.method,
        headers,
        ...(hasBody ? { body: await incoming.arrayBuffer() } : {}),
        // The browser closing an SSE stream ends our upstream stream too.
        signal: upstreamAbort.signal,
      });
    } catch {
      return c.json({ ok: false, error: 'the Telegram stand-in is not reachable' }, 502);
    }
    const out = new Headers();
    for (const name of ['content-type', 'cache-control']) {
      const value = answer.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    // Streams SSE through unbuffered: the body is handed over as a stream, not read.
    return new Response(answer.body ? endQuietly(answer.body, stopUpstream) : null, { status: answer.status, headers: out });
  });

  app.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
  return app;
}

/**
 * Passes a stream through, ending it (instead of failing it) when the upstream goes away — the
 * stand-in stopping, or the browser leaving an SSE stream. Both are normal here; a failed stream
 * would make the HTTP server print an error for each.
 */
function endQuietly(body: ReadableStream<Uint8Array>, abortUpstream: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch {
        try {
          controller.close();
        } catch {
          // Already cancelled by the reader on our side.
        }
      }
    },
    async cancel(reason) {
      abortUpstream();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}

/**
 * Serves the local chat page (a Telegram-like client for the stand-in) on `host:port`.
 *
 * @example
 * const chat = await startChatServer({ port: 8080, host: '127.0.0.1', standInUrl: standIn.url, page });
 * console.log(`open ${chat.url}`);
 */
export async function startChatServer(options: ChatServerOptions): Promise<RunningChatServer> {
  const app = createChatApp(options);
  const server = createAdaptorServer({ fetch: app.fetch, hostname: options.host }) as Server;
  const url = await listen(server, options.port, options.host);
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopped ??= closeServer(server);
      return stopped;
    },
  };
}
