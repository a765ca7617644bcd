import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramStandIn, type TelegramStandIn } from '../../local/telegram-standin/index.ts';
import { TOKEN } from './support.ts';

let standIn: TelegramStandIn;
let api: Api;

beforeAll(async () => {
  standIn = await startTelegramStandIn({ token: TOKEN, botUsername: 'nudge_bot', webhookRetry: { initialMs: 50, maxMs: 200 } });
  api = new Api(TOKEN, { apiRoot: standIn.apiRoot });
});
afterAll(() => standIn.stop());
afterEach(async () => {
  await api.deleteWebhook({ drop_pending_updates: true });
  standIn.faults.reset();
});

describe('stand-in bot API', () => {
  it('answers getMe and refuses other tokens with 401 like Telegram', async () => {
    expect(await api.getMe()).toMatchObject({ id: 7000001, is_bot: true, username: 'nudge_bot' });
    const response = await fetch(`${standIn.apiRoot}/bot123:wrong/getMe`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const unknown = await fetch(`${standIn.apiRoot}/bot${TOKEN}/frobnicate`);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('takes parameters as query string, urlencoded form and multipart form', async () => {
    const inline = encodeURIComponent(JSON.stringify({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] }));
    const viaQuery = await (await fetch(`${standIn.apiRoot}/bot${TOKEN}/sendMessage?chat_id=501&text=hello&reply_markup=${inline}`)).json();
    expect(viaQuery).toMatchObject({ ok: true, result: { message_id: 1, chat: { id: 501, type: 'private' }, text: 'hello', reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] } } });
    const form = await fetch(`${standIn.apiRoot}/bot${TOKEN}/sendMessage`, { method: 'POST', body: new URLSearchParams({ chat_id: '501', text: 'form' }) });
    expect(await form.json()).toMatchObject({ ok: true, result: { message_id: 2, text: 'form' } });
    const multipart = new FormData();
    multipart.set('chat_id', '-600');
    multipart.set('text', 'multi');
    const viaMultipart = await (await fetch(`${standIn.apiRoot}/bot${TOKEN}/sendMessage`, { method: 'POST', body: multipart })).json();
    expect(viaMultipart).toMatchObject({ ok: true, result: { chat: { id: -600, type: 'group', title: 'Test group 600' }, text: 'multi' } });
  });

  it('refuses what Telegram refuses, with its descriptions', async () => {
    const refused = (p: Promise<unknown>) => p.then(() => undefined, (e: GrammyError) => [e.error_code, e.description]);
    expect(await refused(api.sendMessage(502, ''))).toEqual([400, 'Bad Request: message text is empty']);
    expect(await refused(api.sendMessage(502, 'x'.repeat(4097)))).toEqual([400, 'Bad Request: message is too long']);
    expect(await refused(api.sendMessage(502, 'x', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(65) }]] } }))).toEqual([400, 'Bad Request: BUTTON_DATA_INVALID']);
    expect(await refused(api.sendMessage(502, 'Done. Really!', { parse_mode: 'MarkdownV2' }))).toEqual([400, "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"]);
    expect(await refused(api.sendMessage(502, '<blink>x</blink>', { parse_mode: 'HTML' }))).toMatchObject([400, expect.stringContaining('Unsupported start tag "blink"')]);
    expect((await api.sendMessage(502, '<b>bold</b> &amp; plain', { parse_mode: 'HTML' })).text).toBe('bold & plain');
    expect(await refused(api.answerCallbackQuery('nope'))).toEqual([400, 'Bad Request: query is too old and response timeout expired or query ID is invalid']);
    standIn.faults.failNext(1, { code: 429, retryAfter: 3 });
    const error = await api.sendMessage(502, 'x').catch((e: GrammyError) => e);
    expect(error).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
  });

  it('enforces configured limits with 429 and retry_after', async () => {
    standIn.faults.rateLimit({ perChatPerSecond: 2, perGroupPerMinute: 1 });
    await api.sendMessage(503, 'a');
    await api.sendMessage(503, 'b');
    await expect(api.sendMessage(503, 'c')).rejects.toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    await api.sendMessage(-503, 'group a');
    await expect(api.sendMessage(-503, 'group b')).rejects.toMatchObject({ error_code: 429, parameters: { retry_after: 60 } });
    standIn.faults.rateLimit({});
  });

  it('counts its 429s by the limit that was full, the bot-wide one or a chat\'s', async () => {
    // Prepare
    standIn.faults.rateLimit({ perBotPerSecond: 3, perChatPerSecond: 1 });
    const before = standIn.floodRejections();

    // Act: a chat's second message in the second, then a fourth message for the bot.
    await api.sendMessage(601, 'a');
    await expect(api.sendMessage(601, 'b')).rejects.toMatchObject({ error_code: 429 });
    await api.sendMessage(602, 'c');
    await api.sendMessage(603, 'd');
    await expect(api.sendMessage(604, 'e')).rejects.toMatchObject({ error_code: 429 });

    // Assess
    const after = standIn.floodRejections();
    expect({ bot: after.bot - before.bot, chat: after.chat - before.chat }).toEqual({ bot: 1, chat: 1 });
    standIn.faults.rateLimit({});
  });

  it('stores commands per scope and language', async () => {
    await api.setMyCommands([{ command: 'remind', description: 'Set a reminder' }]);
    await api.setMyCommands([{ command: 'erinnern', description: 'Erinnerung' }], { language_code: 'de' });
    expect(await api.getMyCommands()).toEqual([{ command: 'remind', description: 'Set a reminder' }]);
    expect(await api.getMyCommands({ language_code: 'de' })).toEqual([{ command: 'erinnern', description: 'Erinnerung' }]);
    await expect(api.setMyCommands([{ command: 'Bad Command', description: 'x' }])).rejects.toMatchObject({ description: 'Bad Request: BOT_COMMAND_INVALID' });
  });
});

describe('stand-in getUpdates', () => {
  it('long-polls: answers as soon as an update arrives, and after `timeout` otherwise', async () => {
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 5 });
    setTimeout(() => standIn.userSend(601, '/start'), 150);
    const updates = await poll;
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(1500);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.message).toMatchObject({ text: '/start', chat: { id: 601, type: 'private' }, from: { id: 601, first_name: 'Test user 601' }, entities: [{ type: 'bot_command', offset: 0, length: 6 }] });
    // Confirm it, then nothing is left: the poll runs its full timeout.
    const emptyStarted = Date.now();
    expect(await api.getUpdates({ offset: updates[0]!.update_id + 1, timeout: 1 })).toEqual([]);
    expect(Date.now() - emptyStarted).toBeGreaterThanOrEqual(950);
  });

  it('keeps updates until an offset confirms them, honours limit and allowed_updates', async () => {
    const ids = [1, 2, 3].map((i) => standIn.userSend(602, `m${i}`).update_id);
    expect((await api.getUpdates({ limit: 2 })).map((u) => u.update_id)).toEqual(ids.slice(0, 2));
    expect((await api.getUpdates()).map((u) => u.update_id)).toEqual(ids);
    expect((await api.getUpdates({ offset: ids[1] })).map((u) => u.update_id)).toEqual(ids.slice(1));
    expect(standIn.pendingUpdateCount()).toBe(2);
    await api.getUpdates({ offset: ids[2]! + 1, allowed_updates: ['callback_query'] });
    standIn.userSend(602, 'filtered out');
    expect(await api.getUpdates()).toEqual([]);
    await api.getUpdates({ allowed_updates: [] });
  });

  it('answers 409 while a webhook is set, and ends an older poll when a newer one starts', async () => {
    const older = api.getUpdates({ timeout: 5 }).catch((e: GrammyError) => e);
    await new Promise((r) => setTimeout(r, 50));
    const newer = api.getUpdates({ timeout: 1 });
    expect(await older).toMatchObject({ error_code: 409, description: expect.stringContaining('terminated by other getUpdates request') });
    await newer;
    await api.setWebhook('http://127.0.0.1:9/hook');
    await expect(api.getUpdates()).rejects.toMatchObject({ error_code: 409, description: expect.stringContaining("can't use getUpdates method while webhook is active") });
  });
});

describe('stand-in webhook delivery', () => {
  let hook: Server;
  let hookUrl: string;
  const received: Array<{ update: Update; secret: string | undefined; at: number }> = [];
  let answer: (update: Update) => number = () => 200;
  let replyBody = '';
  // Updates of a chat received but not yet answered: more than one means the next was sent too early.
  const inFlight = new Map<number, number>();
  let overlapped = false;

  beforeAll(async () => {
    hook = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const update = JSON.parse(body) as Update;
      const chatId = update.message?.chat.id ?? update.callback_query?.message?.chat.id ?? 0;
      inFlight.set(chatId, (inFlight.get(chatId) ?? 0) + 1);
      if (inFlight.get(chatId)! > 1) overlapped = true;
      const status = answer(update);
      if (status === 200) received.push({ update, secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined, at: Date.now() });
      // Slow acknowledgements make out-of-order delivery visible if it happened.
      setTimeout(() => {
        inFlight.set(chatId, inFlight.get(chatId)! - 1);
        res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? replyBody : 'nope');
      }, 20);
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/telegram`;
  });
  afterAll(() => new Promise<void>((r) => hook.close(() => r())));
  afterEach(() => {
    received.length = 0;
    answer = () => 200;
    replyBody = '';
  });

  it('POSTs each update with the secret header, in order per chat', async () => {
    await api.setWebhook(hookUrl, { secret_token: 'very-secret_1' });
    for (let i = 0; i < 5; i++) {
      standIn.userSend(701, `a${i}`);
      standIn.userSend(702, `b${i}`);
    }
    await until(() => received.length === 10);
    expect(received.every((r) => r.secret === 'very-secret_1')).toBe(true);
    expect(overlapped).toBe(false);
    // …while different chats were delivered side by side.
    expect(Math.abs(received.findIndex((r) => r.update.message?.text === 'a4') - received.findIndex((r) => r.update.message?.text === 'b4'))).toBeLessThanOrEqual(1);
    const textsOf = (chat: number) => received.filter((r) => r.update.message?.chat.id === chat).map((r) => r.update.message?.text);
    expect(textsOf(701)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(textsOf(702)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    // An update leaves the queue once its 2xx arrives (the hook answers a little after reading).
    await until(async () => (await api.getWebhookInfo()).pending_update_count === 0);
  });

  it('retries after a failing webhook (401 included) without losing order, and reports the error', async () => {
    let failures = 3;
    answer = () => (failures-- > 0 ? 401 : 200);
    await api.setWebhook(hookUrl, { secret_token: 's' });
    standIn.userSend(703, 'first');
    standIn.userSend(703, 'second');
    await until(async () => (await api.getWebhookInfo()).last_error_message !== undefined);
    const info = await api.getWebhookInfo();
    expect(info).toMatchObject({ url: hookUrl, pending_update_count: 2, last_error_message: 'Wrong response from the webhook: 401 Unauthorized' });
    await until(() => received.length === 2);
    expect(received.map((r) => r.update.message?.text)).toEqual(['first', 'second']);
    await until(async () => (await api.getWebhookInfo()).pending_update_count === 0);
  });

  it('delivers callback queries and drops pending updates on request', async () => {
    answer = () => 500;
    await api.setWebhook(hookUrl);
    const sent = await api.sendMessage(704, 'Pick', { reply_markup: { inline_keyboard: [[{ text: 'Done', callback_data: 'done:9' }]] } });
    standIn.userPress(704, sent.message_id, 'done:9');
    await until(async () => (await api.getWebhookInfo()).last_error_message !== undefined);
    await api.setWebhook(hookUrl, { drop_pending_updates: true });
    expect((await api.getWebhookInfo()).pending_update_count).toBe(0);
    answer = () => 200;
    standIn.userPress(704, sent.message_id, 'done:9');
    await until(() => received.length === 1);
    expect(received[0]!.update.callback_query).toMatchObject({ data: 'done:9', message: { message_id: sent.message_id, text: 'Pick' }, from: { id: 704 } });
  });
});

describe('stand-in webhook reply', () => {
  it('executes a method call returned in the webhook answer, as Telegram does', async () => {
    const hook = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: 'sendMessage', chat_id: 705, text: 'Got it' })));
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    await api.setWebhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/`);
    standIn.userSend(705, 'hello');
    await until(() => standIn.sentMessages(705).length === 1);
    expect(standIn.sentMessages(705)[0]!.text).toBe('Got it');
    await new Promise<void>((r) => hook.close(() => r()));
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
