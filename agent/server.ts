import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AgentDeps } from './deps.ts';
import { drainInbox } from './durable-updates.ts';
import { handleTelegramUpdate, send } from './handle-update.ts';
import { chatIdOf, describeIssues, InvocationPayload } from './payload.ts';
import { handleReminderDue } from './reminder-due.ts';
import { RecentUpdateIds } from './recent-updates.ts';
import { SOMETHING_WENT_WRONG } from './replies.ts';
import { ChatWorkQueue } from './work-queue.ts';
import { AGENT_SECRET_HEADER } from '../adapters/agentcore/http-relay.ts';
import { describeError } from '../core/describe-error.ts';

/** AgentCore passes the runtime session id in this header; one session per chat (see sessionIdForChat). */
export const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';

/**
 * A Telegram update is at most a few KB; a reminder row at most ~5 KB. The limit still covers anything
 * the webhook relays (it takes bodies up to 1 MB), so a body the webhook let through is never refused
 * here for its size and re-sent by Telegram for ever (#12 item 8).
 */
export const MAX_BODY_BYTES = 1024 * 1024 + 64 * 1024;

export interface PingStatus {
  status: 'Healthy' | 'HealthyBusy';
  /** Unix seconds of the last Healthy ⇄ HealthyBusy change; AgentCore's idle timer reads it. */
  time_of_last_update: number;
}

export interface AgentApp {
  app: Hono;
  /** Resolves when all queued and running work has finished. */
  idle(): Promise<void>;
  ping(): PingStatus;
  /** Queues every stored update left by an earlier run (no-op without an inbox); resolves with the chats found. */
  recover(): Promise<number[]>;
}

/**
 * The AgentCore HTTP contract: `GET /ping` and `POST /invocations`. An invocation is validated,
 * answered `accepted` at once (a Telegram update this process already took is answered the same,
 * with `duplicate: true`, and not worked on again), and worked on in the background — one job at a time per chat, in
 * arrival order; a job that fails is logged, the person is told, and no other chat notices.
 */
export function createAgentApp(deps: AgentDeps, options: { invocationSecret?: string } = {}): AgentApp {
  let lastChange = deps.clock();
  let wasBusy = false;
  const isBusy = () => queue.size > 0 || (deps.earlyDelivery?.pending ?? 0) > 0;
  // Stamped only when the combined state flips: queued work and pending delivery timers both keep the session alive.
  const busyChanged = () => {
    const busy = isBusy();
    if (busy === wasBusy) return;
    wasBusy = busy;
    lastChange = deps.clock();
  };
  const queue = new ChatWorkQueue(
    (key, error) => deps.log.error('agent work failed outside its own handler', { key, error: String(error) }),
    busyChanged,
  );

  const recentUpdates = new RecentUpdateIds();
  const app = new Hono();

  app.get('/ping', (c) => c.json(ping()));

  if (options.invocationSecret !== undefined) {
    const expected = digest(options.invocationSecret);
    // Local mode: anyone who can reach the port could otherwise act for any chat (#12 item 9).
    app.use('/invocations', async (c, next) => {
      const given = c.req.header(AGENT_SECRET_HEADER);
      if (given === undefined || !timingSafeEqual(digest(given), expected)) return c.json({ status: 'rejected', reason: 'missing or wrong agent secret' }, 401);
      await next();
    });
  }

  app.post(
    '/invocations',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ status: 'rejected', reason: `body larger than ${MAX_BODY_BYTES} bytes` }, 413),
    }),
    async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ status: 'rejected', reason: 'body is not valid JSON' }, 400);
      }
      const parsed = InvocationPayload.safeParse(body);
      if (!parsed.success) return c.json({ status: 'rejected', reason: `invalid payload: ${describeIssues(parsed.error)}` }, 400);
      const payload = parsed.data;
      const sessionId = c.req.header(SESSION_HEADER);
      const chatId = chatIdOf(payload);
      // A callback without its message has no chat; it still needs its query answered, in its own lane.
      const key = chatId !== undefined ? `chat:${chatId}` : `update:${payload.type === 'telegram_update' ? payload.update.update_id : 'none'}`;
      const accepted = (duplicate: boolean) =>
        c.json({ status: 'accepted', type: payload.type, ...(duplicate ? { duplicate: true } : {}), ...(chatId !== undefined ? { chatId } : {}), ...(sessionId ? { sessionId } : {}) });
      if (payload.type === 'telegram_update' && recentUpdates.has(payload.update.update_id)) {
        // Answered "accepted" like the first copy, so the relay records it as handled and stops re-sending.
        deps.log.info('duplicate update skipped', { updateId: payload.update.update_id, chatId, sessionId });
        return accepted(true);
      }
      if (payload.type === 'telegram_update' && chatId !== undefined && deps.inbox) {
        // Durable before acknowledged: "accepted" is said only once the update is in the table, so a
        // crash from here on leaves it for the next drain (this chat's next update, or a restart).
        let stored: boolean;
        try {
          stored = await deps.inbox.accept(chatId, payload.update, deps.clock());
        } catch (error) {
          deps.log.error('update could not be stored; refusing it so Telegram sends it again', { updateId: payload.update.update_id, chatId, error: describeError(error) });
          return c.json({ status: 'error', reason: 'could not store the update, send it again' }, 503);
        }
        recentUpdates.seen(payload.update.update_id);
        deps.log.info('invocation accepted', { type: payload.type, chatId, sessionId, stored, queued: queue.size });
        // Already stored: a re-send of an update an earlier (perhaps crashed) worker took; draining picks it up.
        enqueueDrain(chatId);
        return accepted(!stored);
      }
      if (payload.type === 'telegram_update') recentUpdates.seen(payload.update.update_id);
      deps.log.info('invocation accepted', { type: payload.type, chatId, sessionId, queued: queue.size });
      enqueueWork(key, payload, chatId);
      return accepted(false);
    },
  );

  app.notFound((c) => c.json({ status: 'rejected', reason: `no route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.onError((error, c) => {
    deps.log.error('agent request failed', { error: String(error) });
    return c.json({ status: 'error', reason: 'internal error' }, 500);
  });

  function enqueueWork(key: string, payload: InvocationPayload, chatId: number | undefined): void {
    queue.enqueue(key, async () => {
      try {
        if (payload.type === 'telegram_update') await handleTelegramUpdate(deps, payload.update);
        else await handleReminderDue(deps, payload.reminder, payload.claimToken);
      } catch (error) {
        deps.log.error('agent work failed', { type: payload.type, chatId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        await tellSomethingWentWrong(deps, payload, chatId);
      }
    });
  }

  /** Works through the chat's stored updates in its lane; a failure leaves them stored for the next drain. */
  function enqueueDrain(chatId: number): void {
    const inbox = deps.inbox;
    if (!inbox) return;
    queue.enqueue(`chat:${chatId}`, async () => {
      try {
        const result = await drainInbox({ ...deps, inbox }, chatId, async (update) => {
          try {
            await handleTelegramUpdate(deps, update);
          } catch (error) {
            deps.log.error('agent work failed', { type: 'telegram_update', chatId, error: describeError(error) });
            await tellSomethingWentWrong(deps, { type: 'telegram_update', update }, chatId);
          }
        });
        if (result.heldElsewhere) deps.log.info('chat updates held by another worker; they wait for its lease', { chatId });
      } catch (error) {
        deps.log.error('stored updates could not be worked through; they stay stored for the next drain', { chatId, error: describeError(error) });
      }
    });
  }

  async function recover(): Promise<number[]> {
    if (!deps.inbox) return [];
    const chats = await deps.inbox.chatsWaiting();
    if (chats.length > 0) deps.log.info('resuming stored updates left by an earlier run', { chats: chats.length });
    for (const chatId of chats) enqueueDrain(chatId);
    return chats;
  }

  // A delivery timer in this process relays a due action here, into the chat's lane, as /invocations would.
  deps.earlyDelivery?.attach({
    dispatch(raw) {
      const parsed = InvocationPayload.safeParse(raw);
      if (!parsed.success) throw new Error(`invalid payload: ${describeIssues(parsed.error)}`);
      const chatId = chatIdOf(parsed.data);
      if (chatId === undefined) throw new Error('payload names no chat');
      deps.log.info('invocation accepted from a delivery timer', { type: parsed.data.type, chatId, queued: queue.size });
      enqueueWork(`chat:${chatId}`, parsed.data, chatId);
    },
    busyChanged,
  });

  function ping(): PingStatus {
    return { status: isBusy() ? 'HealthyBusy' : 'Healthy', time_of_last_update: Math.floor(lastChange.getTime() / 1000) };
  }

  return { app, idle: () => queue.idle(), ping, recover };
}

/** Hashed first so the comparison is constant-time and equal-length whatever was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}


async function tellSomethingWentWrong(deps: AgentDeps, payload: InvocationPayload, chatId: number | undefined): Promise<void> {
  try {
    const queryId = payload.type === 'telegram_update' ? payload.update.callback_query?.id : undefined;
    if (queryId) await deps.telegram.answerCallbackQuery(queryId, 'Something went wrong — please try again.');
    if (chatId !== undefined) await send(deps, chatId, { text: SOMETHING_WENT_WRONG });
  } catch (error) {
    deps.log.error('could not tell the chat about a failure', { chatId, error: String(error) });
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Local mode would expose `/invocations` beyond this machine without its secret. */
export class AgentUnguardedError extends Error {
  constructor(
    readonly host: string,
    options?: { cause?: unknown },
  ) {
    super(`the agent will not listen on ${host} without an invocation secret: anyone who reaches it could act for any chat`, options);
    this.name = 'AgentUnguardedError';
  }
}

export interface RunningAgentServer {
  url: string;
  /** Stops taking requests, lets queued work finish, closes the socket. */
  stop(): Promise<void>;
  /** Resolves when all queued work has finished. */
  idle(): Promise<void>;
}

/**
 * Serves the agent over HTTP.
 *
 * @example
 * const server = await startAgentServer({ port: 0, host: '127.0.0.1', deps });
 * await fetch(`${server.url}/ping`);
 */
export async function startAgentServer(options: { port: number; host?: string; deps: AgentDeps; invocationSecret?: string; requireSecretOffLoopback?: boolean }): Promise<RunningAgentServer> {
  const host = options.host ?? '127.0.0.1';
  if (options.requireSecretOffLoopback && !options.invocationSecret && !LOOPBACK.has(host)) {
    throw new AgentUnguardedError(host);
  }
  const agent = createAgentApp(options.deps, options.invocationSecret !== undefined ? { invocationSecret: options.invocationSecret } : {});
  const { server, address } = await new Promise<{ server: Server; address: AddressInfo }>((resolve, reject) => {
    const created = serve({ fetch: agent.app.fetch, port: options.port, hostname: host }, (info) => resolve({ server: created as Server, address: info }));
    created.once('error', reject);
  });
  // Updates an earlier run accepted but did not finish are resumed now, not at the chat's next message.
  await agent.recover().catch((error: unknown) => options.deps.log.error('could not look for stored updates; each chat\'s next update drains its own', { error: describeError(error) }));
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${address.port}`,
    idle: agent.idle,
    stop() {
      stopped ??= (async () => {
        // Pending delivery timers are not waited for: their rows are claimed only at their second, so
        // one that never fires leaves its row to the sweeper.
        options.deps.earlyDelivery?.close();
        options.deps.keptReplies?.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await agent.idle();
        server.closeAllConnections();
        await closed;
      })();
      return stopped;
    },
  };
}
