import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './params.ts';
import { StandInRequestError, type ChatMessageView, type TgUser } from './types.ts';
import { view, type ChatEvent, type World } from './world.ts';

/**
 * The user's side of a chat, for tests and the browser chat page:
 *   POST /user/<chatId>/messages     {"text", "from"?}          → { ok, update_id, message_id }
 *   POST /user/<chatId>/callbacks    {"message_id", "data", "from"?} → { ok, update_id, callback_query_id }
 *   GET  /user/<chatId>/messages[?after=<id>&wait=<s>]            → { ok, messages }
 *   GET  /user/<chatId>/events                                    → Server-Sent Events
 *   GET  /user/<chatId>/callback-answers                          → { ok, answers }
 */
export async function handleUserRequest(world: World, req: IncomingMessage, res: ServerResponse, url: URL, closing: AbortSignal): Promise<void> {
  const match = /^\/user\/(-?\d+)\/(messages|callbacks|events|callback-answers)\/?$/.exec(url.pathname);
  if (!match) throw new StandInRequestError(404, 'unknown user-side path');
  const chatId = Number(match[1]);
  if (!Number.isSafeInteger(chatId) || chatId === 0) throw new StandInRequestError(400, 'chat id must be a non-zero integer');
  const route = `${req.method} ${match[2]}`;
  switch (route) {
    case 'POST messages': {
      const body = await jsonBody(req);
      return sendJson(res, 200, { ok: true, ...world.userWrites(chatId, body.text as string, userFrom(body.from)) });
    }
    case 'POST callbacks': {
      const body = await jsonBody(req);
      if (!Number.isSafeInteger(body.message_id)) throw new StandInRequestError(400, 'message_id must be an integer');
      if (typeof body.data !== 'string') throw new StandInRequestError(400, 'data must be a string');
      return sendJson(res, 200, { ok: true, ...world.userPresses(chatId, body.message_id as number, body.data, userFrom(body.from)) });
    }
    case 'GET messages':
      return sendJson(res, 200, { ok: true, messages: await messagesAfter(world, chatId, url, closing) });
    case 'GET callback-answers':
      return sendJson(res, 200, { ok: true, answers: world.chats.get(chatId)?.answers ?? [] });
    case 'GET events':
      return streamEvents(world, chatId, req, res, closing);
    default:
      throw new StandInRequestError(405, `${req.method} not allowed here`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(req)).toString('utf8');
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new StandInRequestError(400, 'body must be a JSON object');
}

function userFrom(raw: unknown): TgUser | undefined {
  if (raw === undefined || raw === null) return undefined;
  const from = raw as Partial<TgUser>;
  if (!Number.isSafeInteger(from.id) || (from.id as number) <= 0 || typeof from.first_name !== 'string' || from.first_name === '') {
    throw new StandInRequestError(400, 'from needs a positive integer id and a first_name');
  }
  return { id: from.id as number, is_bot: false, first_name: from.first_name, ...(typeof from.username === 'string' ? { username: from.username } : {}), language_code: from.language_code ?? 'en' };
}

/** `after` = only messages with a larger id; `wait` = seconds to hold the request until one exists. */
async function messagesAfter(world: World, chatId: number, url: URL, closing: AbortSignal): Promise<ChatMessageView[]> {
  const after = Number(url.searchParams.get('after') ?? 0) || 0;
  const wait = Math.min(60, Math.max(0, Number(url.searchParams.get('wait') ?? 0) || 0));
  const current = () => (world.chats.get(chatId)?.messages ?? []).filter((m) => m.message.message_id > after).map(view);
  const now = current();
  if (now.length > 0 || wait === 0) return now;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      unsubscribe();
      closing.removeEventListener('abort', done);
      resolve();
    };
    const unsubscribe = world.onChat(chatId, (event) => {
      if (event.type === 'message') done();
    });
    const timer = setTimeout(done, wait * 1000);
    closing.addEventListener('abort', done);
  });
  return current();
}

function streamEvents(world: World, chatId: number, req: IncomingMessage, res: ServerResponse, closing: AbortSignal): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write('retry: 1000\n\n');
  let id = 0;
  const write = (event: ChatEvent): void => {
    const data = payloadOf(event);
    res.write(`id: ${++id}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const unsubscribe = world.onChat(chatId, write);
  // Proxies and browsers drop idle streams; a comment line keeps it open.
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  return new Promise((resolve) => {
    const end = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      closing.removeEventListener('abort', end);
      res.end();
      resolve();
    };
    req.on('close', end);
    closing.addEventListener('abort', end);
  });
}

function payloadOf(event: ChatEvent): unknown {
  switch (event.type) {
    case 'message':
    case 'edit':
      return event.message;
    case 'chat_action':
      return event.action;
    case 'callback_answer':
      return event.answer;
  }
}
