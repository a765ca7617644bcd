import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { callBotMethod, chatViews, type BotApiContext } from './bot-api.ts';
import { Faults, FloodControl, type StandInLimits } from './faults.ts';
import { ChatHistoryFile } from './history-file.ts';
import { LongPoll } from './long-poll.ts';
import { botParams } from './params.ts';
import { BotApiFailure, StandInRequestError, type CallbackAnswerView, type ChatMessageView, type TgUser } from './types.ts';
import { handleUserRequest, sendJson } from './user-api.ts';
import { WebhookDelivery, type WebhookRetryOptions } from './webhook.ts';
import { World } from './world.ts';

export interface TelegramStandInOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The only token accepted; others get 401 Unauthorized. Without it every token is accepted. */
  token?: string;
  /** Default `nudge_test_bot`. */
  botUsername?: string;
  /** Flood control; exceeding a limit answers 429 with `retry_after`. Default: none. */
  limits?: StandInLimits;
  webhookRetry?: WebhookRetryOptions;
  /** The first `update_id`. Default: derived from the clock, so ids keep growing across restarts like Telegram's. */
  firstUpdateId?: number;
  /** A JSON file the chats are kept in across restarts (local mode: under the data folder). Default: memory only. */
  historyFile?: string;
}

export interface TelegramStandIn {
  /** Pass as grammY's `apiRoot` (no trailing slash). */
  apiRoot: string;
  /** Base URL of the server (user side lives under `/user/`). */
  url: string;
  port: number;
  /** The bot's own user object (what getMe answers). */
  bot: TgUser;
  faults: Faults & { rateLimit(limits: StandInLimits): void };
  /** 429s flood control answered so far: at the bot-wide limit, and at a chat's. */
  floodRejections(): { bot: number; chat: number };
  /** What the bot sent, in order: to one chat, or to every chat. */
  sentMessages(chatId?: number): ChatMessageView[];
  /** Everything in a chat, bot and user messages. */
  chatMessages(chatId: number): ChatMessageView[];
  callbackAnswers(chatId?: number): CallbackAnswerView[];
  /** Updates not yet confirmed or acknowledged. */
  pendingUpdateCount(): number;
  userSend(chatId: number, text: string, from?: TgUser): { update_id: number; message_id: number };
  userPress(chatId: number, messageId: number, data: string, from?: TgUser): { update_id: number; callback_query_id: string };
  /** Makes a member a group admin (getChatMember answers "administrator") or takes it back. */
  setChatAdmin(chatId: number, userId: number, admin?: boolean): void;
  stop(): Promise<void>;
}

/**
 * Starts a local Telegram Bot API stand-in: `<apiRoot>/bot<token>/<method>` answers like Telegram,
 * `/user/<chatId>/…` plays the user.
 *
 * @example
 * const telegram = await startTelegramStandIn({ token });
 * const api = new Api(token, { apiRoot: telegram.apiRoot });
 * telegram.userSend(42, '/start');
 */
export async function startTelegramStandIn(options: TelegramStandInOptions = {}): Promise<TelegramStandIn> {
  const botId = Number(/^(\d+):/.exec(options.token ?? '')?.[1] ?? 7_000_000_001);
  const bot: TgUser = { id: botId, is_bot: true, first_name: 'Nudge (stand-in)', username: options.botUsername ?? 'nudge_test_bot' };
  const world = new World(bot, Date.now, options.firstUpdateId);
  const history = options.historyFile === undefined ? undefined : new ChatHistoryFile(world, options.historyFile);
  history?.start();
  const faults = new Faults();
  const flood = new FloodControl(options.limits ?? {});
  const longPoll = new LongPoll(world);
  const closing = new AbortController();
  // Every waiting request (long poll, SSE stream) listens for shutdown.
  setMaxListeners(0, closing.signal);
  const ctx: BotApiContext = {
    world,
    faults,
    flood,
    longPoll,
    commands: new Map(),
    webhook: new WebhookDelivery(world, { initialMs: 200, maxMs: 5000, timeoutMs: 10_000, ...options.webhookRetry }, async (payload) => {
      await callBotMethod(ctx, String(payload.method), payload, closing.signal).catch(() => undefined);
    }),
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answerError(res, error));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in.local');
    if (url.pathname.startsWith('/user/')) return handleUserRequest(world, req, res, url, closing.signal);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(url.pathname);
    if (!match) throw new BotApiFailure(404, 'Not Found');
    const [, token, method] = match as unknown as [string, string, string];
    if (options.token !== undefined && token !== options.token) throw new BotApiFailure(401, 'Unauthorized');
    const params = await botParams(req, url);
    if (faults.takeDrop(method)) {
      req.socket.destroy();
      return;
    }
    if (faults.slowMs > 0) await delay(faults.slowMs, undefined, { signal: closing.signal }).catch(() => undefined);
    const failure = faults.takeFailure(method);
    if (failure) throw failure;
    // Ends a waiting getUpdates when its client goes away or the stand-in stops.
    const aborted = new AbortController();
    const abort = (): void => aborted.abort();
    res.once('close', abort);
    closing.signal.addEventListener('abort', abort, { once: true });
    const result = await callBotMethod(ctx, method, params, aborted.signal).finally(() => closing.signal.removeEventListener('abort', abort));
    if (!res.destroyed) sendJson(res, 200, { ok: true, result });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  const allChats = () => [...world.chats.keys()];
  return {
    apiRoot: url,
    url,
    port: address.port,
    bot,
    faults: Object.assign(faults, { rateLimit: (limits: StandInLimits) => flood.set(limits) }),
    floodRejections: () => ({ ...flood.rejected }),
    sentMessages: (chatId) =>
      (chatId === undefined ? allChats() : [chatId])
        .flatMap((id) => chatViews(world, id))
        .filter((m) => m.from === 'bot')
        .sort((a, b) => a.received_at - b.received_at),
    chatMessages: (chatId) => chatViews(world, chatId),
    callbackAnswers: (chatId) => (chatId === undefined ? allChats() : [chatId]).flatMap((id) => world.chats.get(id)?.answers ?? []),
    pendingUpdateCount: () => world.pending.length,
    userSend: (chatId, text, from) => world.userWrites(chatId, text, from),
    userPress: (chatId, messageId, data, from) => world.userPresses(chatId, messageId, data, from),
    setChatAdmin: (chatId, userId, admin = true) => world.setAdmin(chatId, userId, admin),
    async stop() {
      closing.abort();
      history?.stop();
      ctx.webhook.stop();
      longPoll.supersede();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answerError(res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  if (error instanceof BotApiFailure) {
    sendJson(res, error.errorCode, { ok: false, error_code: error.errorCode, description: error.description, ...(error.parameters ? { parameters: error.parameters } : {}) });
  } else if (error instanceof StandInRequestError) {
    sendJson(res, error.status, { ok: false, description: error.message });
  } else {
    console.error('telegram stand-in: unexpected error', error);
    sendJson(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
  }
}
