import { Api, Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramStandIn, type ChatMessageView, type TelegramStandIn } from '../../local/telegram-standin/index.ts';
import { get, post, TOKEN } from './support.ts';

let standIn: TelegramStandIn;
let api: Api;

beforeAll(async () => {
  standIn = await startTelegramStandIn({ token: TOKEN });
  api = new Api(TOKEN, { apiRoot: standIn.apiRoot });
});
afterAll(() => standIn.stop());

describe('stand-in user side', () => {
  it('lets a user write, and the bot read it as an update', async () => {
    const { status, json } = await post(`${standIn.url}/user/801/messages`, { text: 'remind me at 5 to call Ana', from: { id: 801, first_name: 'Ana', username: 'ana' } });
    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true, message_id: 1, update_id: expect.any(Number) });
    const [update] = await api.getUpdates({ offset: json.update_id as number });
    expect(update).toMatchObject({ update_id: json.update_id, message: { text: 'remind me at 5 to call Ana', from: { id: 801, first_name: 'Ana', username: 'ana', is_bot: false }, chat: { id: 801, type: 'private', first_name: 'Ana' } } });
    await api.getUpdates({ offset: (json.update_id as number) + 1 });
  });

  it('rejects bad user input with a reason', async () => {
    expect(await post(`${standIn.url}/user/801/messages`, { text: '' })).toMatchObject({ status: 400, json: { ok: false, description: 'text must be a non-empty string' } });
    expect(await post(`${standIn.url}/user/801/messages`, { text: 'x', from: { id: -1 } })).toMatchObject({ status: 400 });
    expect((await get(`${standIn.url}/user/abc/messages`)).status).toBe(404);
  });

  it('shows the whole chat: user and bot messages with buttons, timestamps and edits', async () => {
    const before = Date.now();
    standIn.userSend(802, 'hello');
    const sent = await api.sendMessage(802, 'Reminder: stretch', { reply_markup: { inline_keyboard: [[{ text: 'Done', callback_data: 'done:1' }, { text: 'Snooze 10 min', callback_data: 'snooze:1:10m' }]] } });
    await api.editMessageText(802, sent.message_id, 'Reminder: stretch ✓');
    const { json } = await get(`${standIn.url}/user/802/messages`);
    const messages = json.messages as ChatMessageView[];
    expect(messages).toMatchObject([
      { message_id: 1, from: 'user', text: 'hello', buttons: [], user: { id: 802, first_name: 'Test user 802' } },
      { message_id: 2, from: 'bot', text: 'Reminder: stretch ✓', buttons: [] },
    ]);
    expect(messages[1]!.received_at).toBeGreaterThanOrEqual(before);
    expect(messages[1]!.edited_at).toBeGreaterThanOrEqual(messages[1]!.received_at);
  });

  it('presses buttons: an update for the bot, 404 for unknown messages or data, answers listed', async () => {
    const sent = await api.sendMessage(803, 'Pick', { reply_markup: { inline_keyboard: [[{ text: 'Done', callback_data: 'done:7' }]] } });
    expect((await post(`${standIn.url}/user/803/callbacks`, { message_id: 99, data: 'done:7' })).status).toBe(404);
    expect((await post(`${standIn.url}/user/803/callbacks`, { message_id: sent.message_id, data: 'other' })).status).toBe(404);
    const { json } = await post(`${standIn.url}/user/803/callbacks`, { message_id: sent.message_id, data: 'done:7' });
    expect(json).toMatchObject({ ok: true, callback_query_id: expect.any(String) });
    const updates = await api.getUpdates();
    const update = updates.find((u) => u.update_id === json.update_id);
    expect(update?.callback_query).toMatchObject({ id: json.callback_query_id, data: 'done:7', from: { id: 803 }, message: { message_id: sent.message_id } });
    await api.getUpdates({ offset: updates.at(-1)!.update_id + 1 });
    await api.answerCallbackQuery(json.callback_query_id as string, { text: 'Done!' });
    expect((await get(`${standIn.url}/user/803/callback-answers`)).json.answers).toMatchObject([{ callback_query_id: json.callback_query_id, text: 'Done!', data: 'done:7', message_id: sent.message_id, show_alert: false }]);
  });

  it('long-polls for new messages with after & wait', async () => {
    await api.sendMessage(804, 'one');
    const started = Date.now();
    const waiting = get(`${standIn.url}/user/804/messages?after=1&wait=5`);
    setTimeout(() => void api.sendMessage(804, 'two'), 150);
    const { json } = await waiting;
    expect(Date.now() - started).toBeLessThan(2000);
    expect((json.messages as ChatMessageView[]).map((m) => m.text)).toEqual(['two']);
    const timedOut = Date.now();
    expect((await get(`${standIn.url}/user/804/messages?after=2&wait=1`)).json.messages).toEqual([]);
    expect(Date.now() - timedOut).toBeGreaterThanOrEqual(950);
  });

  it('streams bot messages, edits and typing as Server-Sent Events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${standIn.url}/user/805/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = readEvents(response.body!);
    await api.sendChatAction(805, 'typing');
    const sent = await api.sendMessage(805, 'Tea time', { reply_markup: { inline_keyboard: [[{ text: 'Done', callback_data: 'd' }]] } });
    await api.editMessageReplyMarkup(805, sent.message_id);
    const seen = await events.take(3);
    controller.abort();
    expect(seen.map((e) => e.event)).toEqual(['chat_action', 'message', 'edit']);
    expect(seen[1]!.data).toMatchObject({ message_id: sent.message_id, from: 'bot', text: 'Tea time', buttons: [[{ text: 'Done', callback_data: 'd' }]] });
    expect(seen[2]!.data).toMatchObject({ message_id: sent.message_id, buttons: [], edited_at: expect.any(Number) });
  });
});

describe('stand-in update ids', () => {
  it('keep growing across a restart, as on Telegram, unless a first id is given', async () => {
    const first = await startTelegramStandIn();
    const before = first.userSend(1, 'a').update_id;
    await first.stop();
    await new Promise((r) => setTimeout(r, 120));
    const second = await startTelegramStandIn();
    const after = second.userSend(1, 'b').update_id;
    await second.stop();
    expect(after).toBeGreaterThan(before);
    expect(after).toBeLessThan(2 ** 31);
    const fixed = await startTelegramStandIn({ firstUpdateId: 5 });
    expect(fixed.userSend(1, 'c').update_id).toBe(5);
    await fixed.stop();
  });
});

describe('stand-in with grammY Bot', () => {
  it('serves a long-polling bot end to end: a user writes, the bot answers, a button press comes back', async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: standIn.apiRoot } });
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`, { reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] } }));
    bot.on('callback_query:data', (ctx) => ctx.answerCallbackQuery({ text: `pressed ${ctx.callbackQuery.data}` }));
    // Old updates from other tests would be answered too: start from a clean queue.
    await api.deleteWebhook({ drop_pending_updates: true });
    const running = bot.start({ timeout: 2 });
    standIn.userSend(806, 'ping');
    await until(() => standIn.sentMessages(806).length === 1);
    expect(standIn.sentMessages(806)[0]).toMatchObject({ text: 'echo: ping', buttons: [[{ text: 'OK', callback_data: 'ok' }]] });
    standIn.userPress(806, standIn.sentMessages(806)[0]!.message_id, 'ok');
    await until(() => standIn.callbackAnswers(806).length === 1);
    expect(standIn.callbackAnswers(806)[0]!.text).toBe('pressed ok');
    await bot.stop();
    await running;
    expect(standIn.pendingUpdateCount()).toBe(0);
  });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A tiny SSE reader: collects `event:`/`data:` blocks from a fetch body. */
function readEvents(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const parsed: Array<{ event: string; data: unknown }> = [];
  return {
    async take(n: number) {
      while (parsed.length < n) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) parsed.push({ event, data: JSON.parse(data) });
        }
      }
      return parsed.slice(0, n);
    },
  };
}
