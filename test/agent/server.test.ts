import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, SESSION_HEADER } from '../../agent/server.ts';
import { SOMETHING_WENT_WRONG } from '../../agent/replies.ts';
import type { ReminderStore } from '../../core/store/port.ts';
import type { TelegramClient } from '../../core/telegram/port.ts';
import { startAgent, startBackends, T0, type AgentUnderTest, type Backends } from './harness.ts';

// The AgentCore HTTP contract over a real socket: /ping, /invocations, background work, per-chat order.

let backends: Backends;
let agent: AgentUnderTest | undefined;

beforeAll(async () => {
  backends = await startBackends();
});
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
});
afterAll(async () => {
  await backends?.stop();
});

const ping = async (url: string) => (await fetch(`${url}/ping`)).json() as Promise<{ status: string; time_of_last_update: number }>;

function textUpdate(updateId: number, chatId: number, text: string) {
  return {
    type: 'telegram_update',
    update: { update_id: updateId, message: { message_id: updateId, date: 1, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'U' }, text } },
  };
}

/** Telegram wrapper whose sendMessage waits for `open()` — a fault injector to hold work "running". */
function gatedTelegram(inner: TelegramClient) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const wrapped: TelegramClient = {
    ...bind(inner),
    sendMessage: async (...args) => {
      await gate;
      return inner.sendMessage(...args);
    },
  };
  return { wrapped, open: () => open() };
}

function bind(inner: TelegramClient): TelegramClient {
  return {
    sendMessage: inner.sendMessage.bind(inner),
    editMessageText: inner.editMessageText.bind(inner),
    editMessageReplyMarkup: inner.editMessageReplyMarkup.bind(inner),
    answerCallbackQuery: inner.answerCallbackQuery.bind(inner),
    sendChatAction: inner.sendChatAction.bind(inner),
    sendDocument: inner.sendDocument.bind(inner),
  };
}

describe('GET /ping', () => {
  it('is Healthy with the time of the last status change when idle', async () => {
    agent = await startAgent(backends);
    expect(await ping(agent.server.url)).toEqual({ status: 'Healthy', time_of_last_update: T0.getTime() / 1000 });
  });

  it('is HealthyBusy while work runs, and Healthy again after, each change stamped', async () => {
    // Prepare: replies are held at the gate so the work stays running.
    let gate!: ReturnType<typeof gatedTelegram>;
    agent = await startAgent(backends, { wrapTelegram: (t) => (gate = gatedTelegram(t)).wrapped });
    agent.setNow(new Date(T0.getTime() + 60_000));

    // Act
    const started = Date.now();
    const response = await agent.invoke(textUpdate(1, 301, '/help'));
    const answeredMs = Date.now() - started;
    const busy = await ping(agent.server.url);
    agent.setNow(new Date(T0.getTime() + 120_000));
    gate.open();
    await agent.server.idle();
    const idle = await ping(agent.server.url);

    // Assess: accepted at once (the reply was still held), busy while held, idle after.
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'accepted', type: 'telegram_update', chatId: 301, sessionId: 'telegram-chat-session-test________' });
    expect(answeredMs).toBeLessThan(1000);
    expect(agent.botMessages(301)).toHaveLength(1);
    expect(busy).toEqual({ status: 'HealthyBusy', time_of_last_update: T0.getTime() / 1000 + 60 });
    expect(idle).toEqual({ status: 'Healthy', time_of_last_update: T0.getTime() / 1000 + 120 });
  });
});

describe('POST /invocations rejects what it cannot use, with a reason', () => {
  const cases: Array<[string, string | object, RegExp]> = [
    ['not JSON', '{"type": "telegram_update", ', /body is not valid JSON/],
    ['an unknown type', { type: 'cron_tick' }, /invalid payload: type: Invalid discriminator value\. Expected 'telegram_update' \| 'reminder_due'/],
    ['an update without update_id', { type: 'telegram_update', update: { message: {} } }, /update\.update_id/],
    ['a message without a chat', { type: 'telegram_update', update: { update_id: 5, message: { message_id: 1, text: 'hi' } } }, /update\.message\.chat/],
    ['a malformed reminder', { type: 'reminder_due', reminder: { chatId: 1, text: 'x' } }, /invalid payload: reminder\./],
    ['an array', [1, 2], /invalid payload/],
  ];
  it.each(cases)('%s → 400', async (_name, body, reason) => {
    agent ??= await startAgent(backends);
    const response = await agent.invoke(body);
    expect(response.status).toBe(400);
    const json = (await response.json()) as { status: string; reason: string };
    expect(json.status).toBe('rejected');
    expect(json.reason).toMatch(reason);
    expect(await ping(agent.server.url)).toMatchObject({ status: 'Healthy' });
  });

  it('a body over the size limit → 413', async () => {
    agent = await startAgent(backends);
    const response = await agent.invoke(textUpdate(2, 302, 'x'.repeat(MAX_BODY_BYTES + 10)));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ status: 'rejected', reason: `body larger than ${MAX_BODY_BYTES} bytes` });
    expect(agent.botMessages(302)).toEqual([]);
  });

  it('other routes → 404 with a reason', async () => {
    agent = await startAgent(backends);
    const response = await fetch(`${agent.server.url}/invocations`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ status: 'rejected', reason: 'no route GET /invocations' });
  });

  it('an update of a kind the agent does not handle is accepted and ignored', async () => {
    agent = await startAgent(backends);
    const response = await agent.invoke({ type: 'telegram_update', update: { update_id: 77, my_chat_member: { chat: { id: 303 } } } }, { [SESSION_HEADER]: 'x'.repeat(40) });
    expect(await response.json()).toEqual({ status: 'accepted', type: 'telegram_update', sessionId: 'x'.repeat(40) });
    await agent.server.idle();
    expect(agent.botMessages(303)).toEqual([]);
  });
});

describe('update dedupe (second line of defence behind the webhook)', () => {
  it('the same update posted twice, overlapping, gets one reply; both posts are answered accepted', async () => {
    agent = await startAgent(backends);

    const responses = await Promise.all([agent.invoke(textUpdate(41, 340, '/remind in 1 hour tea')), agent.invoke(textUpdate(41, 340, '/remind in 1 hour tea'))]);
    await agent.server.idle();
    const later = await agent.invoke(textUpdate(41, 340, '/remind in 1 hour tea'));
    await agent.server.idle();

    const bodies = (await Promise.all([...responses, later].map((r) => r.json()))) as Array<{ status: string; duplicate?: boolean }>;
    expect(bodies.map((b) => b.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(bodies.filter((b) => b.duplicate === true)).toHaveLength(2);
    expect(agent.botMessages(340).map((m) => m.text)).toEqual([expect.stringMatching(/^⏰ #1 Tue 24 Nov 10:00 — tea/)]);
    expect((await agent.store.listReminders(340)).items).toHaveLength(1);
    // A different update of the same chat still goes through.
    await agent.invoke(textUpdate(42, 340, '/help'));
    await agent.server.idle();
    expect(agent.botMessages(340)).toHaveLength(2);
  });
});

describe('background work', () => {
  it("runs one chat's work in arrival order while other chats go ahead", async () => {
    // Prepare: the first send to chat 310 is slow. Without per-chat order its later replies would overtake it.
    let first = true;
    const completed: string[] = [];
    agent = await startAgent(backends, {
      wrapTelegram: (inner) => ({
        ...bind(inner),
        sendMessage: async (chatId, text, options) => {
          if (chatId === 310 && first) {
            first = false;
            await new Promise((resolve) => setTimeout(resolve, 400));
          }
          const outcome = await inner.sendMessage(chatId, text, options);
          completed.push(`${chatId}:${text.split('.')[0]}`);
          return outcome;
        },
      }),
    });
    const zones = ['Berlin', 'Tokyo', 'Paris', 'Lima', 'Cairo'];

    // Act: five commands to chat 310 and one to chat 311, all posted without waiting.
    const responses = await Promise.all([
      ...zones.map((zone, i) => agent!.invoke(textUpdate(100 + i, 310, `/tz ${zone}`))),
      agent.invoke(textUpdate(200, 311, '/tz Sydney')),
    ]);
    await agent.server.idle();

    // Assess
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(agent.botMessages(310).map((m) => m.text.split('.')[0])).toEqual([
      '🌍 Time zone set to Europe/Berlin',
      '🌍 Time zone set to Asia/Tokyo',
      '🌍 Time zone set to Europe/Paris',
      '🌍 Time zone set to America/Lima',
      '🌍 Time zone set to Africa/Cairo',
    ]);
    expect(completed[0]).toBe('311:🌍 Time zone set to Australia/Sydney');
    expect((await agent.store.getChatSettings(310))?.timezone).toBe('Africa/Cairo');
  });

  it("a failure in one chat's work is reported to that chat only; the chat's next work and other chats run", async () => {
    // Prepare: the store fails for chat 320 until the fault is lifted.
    let broken = true;
    agent = await startAgent(backends, {
      wrapStore: (inner) =>
        new Proxy(inner, {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver) as unknown;
            if (property === 'getChatSettings') {
              return async (chatId: number) => {
                if (broken && chatId === 320) throw new Error('injected: DynamoDB unavailable');
                return target.getChatSettings(chatId);
              };
            }
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }) as ReminderStore,
    });

    // Act
    await Promise.all([agent.invoke(textUpdate(1, 320, '/remind in 1 hour tea')), agent.invoke(textUpdate(2, 321, '/remind in 1 hour tea'))]);
    await agent.server.idle();
    broken = false;
    await agent.invoke(textUpdate(3, 320, '/remind in 1 hour tea'));
    await agent.server.idle();

    // Assess
    expect(agent.botMessages(320).map((m) => m.text)).toEqual([SOMETHING_WENT_WRONG, expect.stringMatching(/^⏰ #1 Tue 24 Nov 10:00 — tea/)]);
    expect(agent.botMessages(321).map((m) => m.text)).toEqual([expect.stringMatching(/^⏰ #1 Tue 24 Nov 10:00 — tea/)]);
    expect(await ping(agent.server.url)).toMatchObject({ status: 'Healthy' });
  });

  it('stop() lets queued work finish before closing', async () => {
    let gate!: ReturnType<typeof gatedTelegram>;
    agent = await startAgent(backends, { wrapTelegram: (t) => (gate = gatedTelegram(t)).wrapped });
    await agent.invoke(textUpdate(1, 330, '/help'));
    const stopping = agent.server.stop();
    setTimeout(() => gate.open(), 100);
    await stopping;
    expect(agent.botMessages(330)).toHaveLength(1);
    await expect(fetch(`${agent.server.url}/ping`)).rejects.toThrow();
  });
});
