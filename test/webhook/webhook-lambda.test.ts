import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookDeps } from '../../core/webhook/index.ts';
import { ConfigError } from '../../core/config/env.ts';
import { createLambdaWebhookDeps, createWebhookHandler, handler } from '../../handlers/webhook.ts';
import { ACCEPTED } from './recording-agent.ts';
import { ALLOWED_USER, apiGatewayEvent, BOT_TOKEN, SECRET, startHarness, STRANGER, textUpdate, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());
beforeEach(() => {
  h.agent.received.length = 0;
  h.agent.answer = () => ACCEPTED;
});

const invoke = async (deps: WebhookDeps, body: string | undefined, headers?: Record<string, string>, base64 = false) => {
  const result = await createWebhookHandler(async () => deps)(apiGatewayEvent(body, headers, base64));
  return { status: result.statusCode, json: JSON.parse(result.body ?? '{}') as { ok: boolean; outcome?: string; error?: string } };
};

describe('webhook Lambda: requests that are refused before anything happens', () => {
  it.each([
    ['missing', {}],
    ['wrong', { 'x-telegram-bot-api-secret-token': 'test_webhook-secret_0123456788' }],
    ['a prefix of the right', { 'x-telegram-bot-api-secret-token': SECRET.slice(0, 10) }],
    ['empty', { 'x-telegram-bot-api-secret-token': '' }],
  ])('answers 401 to a %s secret token and relays nothing', async (_case, headers) => {
    const { deps, tableName } = await h.setup();

    const { status, json } = await invoke(deps, JSON.stringify(textUpdate(ALLOWED_USER, 'hi')), headers);

    expect(status).toBe(401);
    expect(json.ok).toBe(false);
    expect(h.agent.received).toHaveLength(0);
    expect(await h.scan(tableName)).toEqual([]);
  });

  it('reads the secret header whatever its case', async () => {
    const { deps } = await h.setup();

    const { status } = await invoke(deps, JSON.stringify(textUpdate(ALLOWED_USER, 'hi')), { 'X-Telegram-Bot-Api-Secret-Token': SECRET });

    expect(status).toBe(200);
    expect(h.agent.received).toHaveLength(1);
  });

  it.each([
    ['malformed JSON', '{"update_id": 1, "message": ', 'not valid JSON'],
    ['an empty body', '', 'empty body'],
    ['a JSON array', '[1,2]', 'not a JSON object'],
    ['a JSON string', '"update"', 'not a JSON object'],
    ['an update without update_id', '{"message":{}}', 'update_id'],
    ['a non-integer update_id', '{"update_id":"7"}', 'update_id'],
  ])('answers 400 with a short reason to %s', async (_case, body, reason) => {
    const { deps, tableName } = await h.setup();

    const { status, json } = await invoke(deps, body);

    expect(status).toBe(400);
    expect(json.error).toContain(reason);
    expect(json.error!.length).toBeLessThan(120);
    expect(h.agent.received).toHaveLength(0);
    expect(await h.scan(tableName)).toEqual([]);
  });

  // Poison (#12 item 8): from Telegram (secret and update id right) but never handleable. A non-2xx
  // would make Telegram re-send it for a day and hold up the chat's later updates.
  it.each([
    ['a message without a chat', JSON.stringify({ update_id: 9, message: { message_id: 1, date: 1, from: { id: ALLOWED_USER } } }), 'message.chat'],
    ['a callback query without an id', JSON.stringify({ update_id: 9, callback_query: { from: { id: ALLOWED_USER } } }), 'callback_query.id'],
    ['a message whose text is a number', JSON.stringify({ update_id: 9, message: { message_id: 1, date: 1, chat: { id: ALLOWED_USER, type: 'private' }, from: { id: ALLOWED_USER }, text: 42 } }), 'message.text'],
  ])('acknowledges %s with 200 "unprocessable", relays nothing and logs it as poison', async (_case, body, reason) => {
    const { deps, tableName } = await h.setup();

    const { status, json } = await invoke(deps, body);

    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true, outcome: 'unprocessable', reason: expect.stringContaining(reason) });
    expect(h.agent.received).toHaveLength(0);
    expect(await h.scan(tableName)).toEqual([]);
  });

  it('acknowledges an update the agent refuses as invalid (4xx) instead of answering 502 for ever', async () => {
    const { deps } = await h.setup();
    h.agent.answer = () => ({ status: 400, body: '{"status":"rejected","reason":"invalid payload"}' });

    const { status, json } = await invoke(deps, JSON.stringify(textUpdate(ALLOWED_USER, 'hi')));

    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true, outcome: 'unprocessable' });
    expect(h.agent.received).toHaveLength(1);
  });

  it('answers 400 to a missing body', async () => {
    const { deps } = await h.setup();

    expect((await invoke(deps, undefined)).status).toBe(400);
  });

  it('answers 413 to a body over 1 MB, plain or base64-encoded, before parsing it', async () => {
    const { deps } = await h.setup();
    // Valid JSON, so only the size can be the reason.
    const big = JSON.stringify({ ...textUpdate(ALLOWED_USER, 'x'), padding: 'x'.repeat(1024 * 1024) });

    const plain = await invoke(deps, big);
    const encoded = await invoke(deps, Buffer.from(big).toString('base64'), undefined, true);

    expect(plain.status).toBe(413);
    expect(encoded.status).toBe(413);
    expect(h.agent.received).toHaveLength(0);
  });

  it('checks the secret before the size', async () => {
    const { deps } = await h.setup();

    const { status } = await invoke(deps, 'x'.repeat(2 * 1024 * 1024), {});

    expect(status).toBe(401);
  });

  it('accepts a base64-encoded update just under the limit', async () => {
    const { deps } = await h.setup();
    const update = textUpdate(ALLOWED_USER, 'x'.repeat(1000));

    const { status, json } = await invoke(deps, Buffer.from(JSON.stringify(update)).toString('base64'), undefined, true);

    expect(status).toBe(200);
    expect(json.outcome).toBe('relayed');
    expect(JSON.parse(h.agent.received[0]!.body)).toEqual({ type: 'telegram_update', update });
  });

  it.each([
    ['channel_post', { channel_post: { message_id: 1, date: 1, chat: { id: -1001, type: 'channel' }, text: 'news' } }],
    ['poll', { poll: { id: 'p1', question: 'q', options: [], total_voter_count: 0, is_closed: false, is_anonymous: true, type: 'regular', allows_multiple_answers: false } }],
    ['my_chat_member', { my_chat_member: { chat: { id: ALLOWED_USER, type: 'private' }, from: { id: ALLOWED_USER, is_bot: false, first_name: 'T' }, date: 1 } }],
    ['a message without a sender', { message: { message_id: 1, date: 1, chat: { id: -100, type: 'supergroup' }, sender_chat: { id: -100, type: 'supergroup' }, text: 'anon' } }],
  ])('acknowledges %s with 200 and ignores it', async (_case, fields) => {
    const { deps, tableName } = await h.setup();

    const { status, json } = await invoke(deps, JSON.stringify({ update_id: 77, ...fields }));

    expect(status).toBe(200);
    expect(json.outcome).toBe('ignored');
    expect(h.agent.received).toHaveLength(0);
    expect(await h.scan(tableName)).toEqual([]);
  });
});

describe('webhook Lambda: relaying', () => {
  it('relays a message once, even when Telegram sends it again', async () => {
    const { deps, tableName } = await h.setup();
    const body = JSON.stringify(textUpdate(ALLOWED_USER, 'remind me at 10 to call mum', 1001));

    const first = await invoke(deps, body);
    const resent = await invoke(deps, body);

    expect(first).toEqual({ status: 200, json: { ok: true, outcome: 'relayed' } });
    expect(resent).toEqual({ status: 200, json: { ok: true, outcome: 'duplicate' } });
    expect(h.agent.received).toHaveLength(1);
    expect(await h.scan(tableName)).toEqual([expect.objectContaining({ pk: 'UPDATE#1001', sk: 'UPDATE', chatId: ALLOWED_USER })]);
  });

  it('does not mark an update whose relay failed, so the retry gets through exactly once', async () => {
    const { deps } = await h.setup();
    const body = JSON.stringify(textUpdate(ALLOWED_USER, 'every weekday at 8:30 standup', 1002));
    h.agent.answer = () => ({ status: 500, body: '{"error":"boom"}' });

    const failed = await invoke(deps, body);
    const markedAfterFailure = await deps.store.isUpdateProcessed(1002, new Date());
    h.agent.answer = () => ACCEPTED;
    const retried = await invoke(deps, body);
    const retriedAgain = await invoke(deps, body);

    expect(failed.status).toBe(502);
    expect(markedAfterFailure).toBe(false);
    expect(retried.json.outcome).toBe('relayed');
    expect(retriedAgain.json.outcome).toBe('duplicate');
    // One failed attempt, one accepted: the agent took the update exactly once.
    expect(h.agent.received).toHaveLength(2);
  });

  it('relays twice only when two deliveries of one update overlap during the relay (the documented window)', async () => {
    const { deps, tableName } = await h.setup();
    h.agent.answer = () => ({ ...(ACCEPTED as { status: number; body: string }), delayMs: 150 });
    const body = JSON.stringify(textUpdate(ALLOWED_USER, 'hello', 1005));

    const overlapping = await Promise.all([invoke(deps, body), invoke(deps, body)]);
    const later = await invoke(deps, body);

    expect(overlapping.map((a) => a.json.outcome)).toEqual(['relayed', 'relayed']);
    expect(later.json.outcome).toBe('duplicate');
    expect(h.agent.received).toHaveLength(2);
    expect(deps.log.lines.filter((line) => line.message === 'update was relayed by a concurrent delivery too')).toHaveLength(1);
    expect(await h.scan(tableName)).toHaveLength(1);
  });

  it('answers 504 when the agent does not answer in time, and lets the retry through', async () => {
    const { deps } = await h.setup({ relayTimeoutMs: 200 });
    h.agent.answer = () => 'hang';
    const body = JSON.stringify(textUpdate(ALLOWED_USER, 'hello', 1003));

    const timedOut = await invoke(deps, body);
    h.agent.answer = () => ACCEPTED;
    const retried = await invoke(deps, body);

    expect(timedOut.status).toBe(504);
    expect(retried.json.outcome).toBe('relayed');
  });

  it('answers 503 when the store cannot be read, without relaying', async () => {
    const { deps } = await h.setup();
    const broken = await h.setup({ tableName: 'no-such-table' });
    deps.store = broken.deps.store;

    const { status } = await invoke(deps, JSON.stringify(textUpdate(ALLOWED_USER, 'hello')));

    expect(status).toBe(503);
    expect(h.agent.received).toHaveLength(0);
  });

  it('relays a button press for the chat of the message it is on', async () => {
    const { deps } = await h.setup();
    const update = {
      update_id: 1004,
      callback_query: {
        id: 'cb-1',
        from: { id: ALLOWED_USER, is_bot: false, first_name: 'Tess' },
        chat_instance: 'ci',
        data: 'done:01JX',
        message: { message_id: 12, date: 1_795_000_000, chat: { id: -100777, type: 'supergroup', title: 'Family' }, text: 'Reminder' },
      },
    };

    const { json } = await invoke(deps, JSON.stringify(update));

    expect(json.outcome).toBe('relayed');
    expect(h.agent.received[0]?.headers['x-amzn-bedrock-agentcore-runtime-session-id']).toBe('telegram-chat-session--100777____');
    expect(JSON.parse(h.agent.received[0]!.body)).toEqual({ type: 'telegram_update', update });
  });
});

describe('webhook Lambda: authorization', () => {
  it('refuses a stranger once, politely, and does nothing else', async () => {
    const { deps, tableName } = await h.setup();

    const answers = [];
    for (const text of ['hi', 'remind me tomorrow at 10', 'hello??']) {
      answers.push(await invoke(deps, JSON.stringify(textUpdate(STRANGER, text))));
    }
    const botMessages = await h.standIn.botMessages(STRANGER);

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.json.outcome)).toEqual(['refused', 'refused', 'refused']);
    expect(botMessages).toHaveLength(1);
    expect(botMessages[0]?.text).toMatch(/private/);
    expect(botMessages[0]?.text).toContain(String(STRANGER));
    expect(h.agent.received).toHaveLength(0);
    // Only the "already told" marker: no chat settings, turns, reminders or processed updates.
    const rows = await h.scan(tableName);
    expect(rows).toEqual([expect.objectContaining({ pk: `UPDATE#-${STRANGER}`, type: 'update' })]);
    expect(rows.filter((row) => String(row.pk).startsWith('CHAT#'))).toEqual([]);
  });

  it('lets anyone in when open mode is switched on', async () => {
    const { deps } = await h.setup({ access: { mode: 'open' } });

    const { json } = await invoke(deps, JSON.stringify(textUpdate(STRANGER + 1, 'hi')));

    expect(json.outcome).toBe('relayed');
    expect(h.agent.received).toHaveLength(1);
  });
});

describe('webhook Lambda: the adapter', () => {
  it('builds deps once per container and retries a failed build on the next invocation', async () => {
    const { deps } = await h.setup();
    let builds = 0;
    const handler = createWebhookHandler(async () => {
      builds++;
      if (builds === 1) throw new Error('SSM unavailable');
      return deps;
    });

    const first = await handler(apiGatewayEvent(JSON.stringify(textUpdate(ALLOWED_USER, 'a')))).catch((e: unknown) => e);
    const second = await handler(apiGatewayEvent(JSON.stringify(textUpdate(ALLOWED_USER, 'b'))));
    const third = await handler(apiGatewayEvent(JSON.stringify(textUpdate(ALLOWED_USER, 'c'))));

    expect(first).toBeInstanceOf(Error);
    expect([second.statusCode, third.statusCode]).toEqual([200, 200]);
    expect(builds).toBe(2);
  });

  it('reads its settings on the first invocation, not at import, and names what is missing', async () => {
    const first = await handler(apiGatewayEvent('{}')).catch((e: unknown) => e);
    const ssmNames = await createLambdaWebhookDeps({
      NUDGE_TABLE_NAME: 'nudge',
      NUDGE_ALLOWED_USER_IDS: String(ALLOWED_USER),
      NUDGE_AGENT_RUNTIME_ARN: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/nudge-1',
    }).catch((e: unknown) => e);

    expect(first).toBeInstanceOf(ConfigError);
    expect((first as ConfigError).key).toBe('NUDGE_TABLE_NAME');
    expect(ssmNames).toBeInstanceOf(ConfigError);
    expect((ssmNames as ConfigError).key).toBe('NUDGE_BOT_TOKEN_PARAM');
  });

  it('keeps the bot token and secret out of every answer and log line', async () => {
    const { deps } = await h.setup();
    h.agent.answer = () => ({ status: 500, body: 'nope' });

    const outputs = [
      await invoke(deps, JSON.stringify(textUpdate(ALLOWED_USER, 'x'))),
      await invoke(deps, JSON.stringify(textUpdate(STRANGER + 2, 'x'))),
      await invoke(deps, '{', { 'x-telegram-bot-api-secret-token': 'bad' }),
      await invoke(deps, '{'),
    ];
    const everything = JSON.stringify([outputs, deps.log.lines]);

    expect(everything).not.toContain(BOT_TOKEN);
    expect(everything).not.toContain(BOT_TOKEN.split(':')[1]);
    expect(everything).not.toContain(SECRET);
    expect(deps.log.lines.some((line) => line.level === 'error')).toBe(true);
  });
});
