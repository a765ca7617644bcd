import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sessionIdForChat } from '../../core/agent-relay/index.ts';
import { createTelegramClient } from '../../adapters/telegram/index.ts';
import { envSecretSource, loadWebhookConfig } from '../../core/webhook/index.ts';
import { buildWebhookDeps } from '../../handlers/webhook-deps.ts';
import { startWebhookServer, type WebhookServer } from '../../local/webhook-http.ts';
import { ACCEPTED } from './recording-agent.ts';
import { ALLOWED_USER, BOT_TOKEN, recordingLog, SECRET, startHarness, STRANGER, textUpdate, type Harness } from './harness.ts';

let h: Harness;
let webhook: WebhookServer;
let tableName: string;
beforeAll(async () => {
  h = await startHarness();
  tableName = await h.dynamo.newTable('webhook-http');
  // Local mode's own wiring: settings from an env record, the store, HTTP relay and Telegram client built from them.
  const env = {
    NUDGE_TABLE_NAME: tableName,
    NUDGE_ALLOWED_USER_IDS: `${ALLOWED_USER},1`,
    NUDGE_AGENT_URL: h.agent.url,
    NUDGE_AGENT_TIMEOUT_MS: '2000',
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    NUDGE_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: h.standIn.apiRoot,
  };
  const config = await loadWebhookConfig(env, envSecretSource(env));
  webhook = await startWebhookServer({ port: 0, deps: buildWebhookDeps(config, { documentClient: h.dynamo.doc, log: recordingLog() }) });
});
afterAll(async () => {
  await webhook.stop();
  await h.stop();
});
beforeEach(() => {
  h.agent.received.length = 0;
  h.agent.answer = () => ACCEPTED;
});

const post = async (body: string, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET }, url = webhook.url) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, json: (await response.json()) as { ok: boolean; outcome?: string; error?: string } };
};

describe('local webhook server (node:http adapter)', () => {
  it('serves POST /telegram/webhook on 127.0.0.1', () => {
    expect(webhook.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/telegram\/webhook$/);
  });

  it('answers 401 without the secret token', async () => {
    const { status } = await post(JSON.stringify(textUpdate(ALLOWED_USER, 'hi')), {});

    expect(status).toBe(401);
    expect(h.agent.received).toHaveLength(0);
  });

  it('answers 400 to malformed JSON', async () => {
    const { status, json } = await post('{"update_id":');

    expect(status).toBe(400);
    expect(json.error).toContain('JSON');
  });

  it('answers 413 to a 3 MB upload without reading it all', async () => {
    const { status } = await post('x'.repeat(3 * 1024 * 1024));

    expect(status).toBe(413);
  });

  it('ignores an update type Nudge does not handle', async () => {
    const { status, json } = await post(JSON.stringify({ update_id: 5, channel_post: { message_id: 1, date: 1, chat: { id: -1, type: 'channel' } } }));

    expect([status, json.outcome]).toEqual([200, 'ignored']);
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    const elsewhere = await fetch(webhook.url.replace('/telegram/webhook', '/other'), { method: 'POST', body: '{}' });
    const get = await fetch(webhook.url);

    expect(elsewhere.status).toBe(404);
    expect(get.status).toBe(405);
  });

  it('relays a valid update', async () => {
    const update = textUpdate(ALLOWED_USER, 'hello');

    const { json } = await post(JSON.stringify(update));

    expect(json.outcome).toBe('relayed');
    expect(JSON.parse(h.agent.received[0]!.body)).toEqual({ type: 'telegram_update', update });
  });
});

describe('end to end: Telegram stand-in → local webhook → agent /invocations', () => {
  beforeAll(async () => {
    const { api } = createTelegramClient({ token: BOT_TOKEN, apiRoot: h.standIn.apiRoot });
    await api.setWebhook(webhook.url, { secret_token: SECRET });
  });

  it("delivers a user's message to the agent with the chat's session and the update as Telegram sent it", async () => {
    const updateId = await h.standIn.userWrites(ALLOWED_USER, 'remind me tomorrow at 10 to check emails', { id: ALLOWED_USER, is_bot: false, first_name: 'Tess' });

    const [invocation] = await h.agent.waitFor(1);

    expect(invocation?.method).toBe('POST');
    expect(invocation?.url).toBe('/invocations');
    expect(invocation?.headers['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(sessionIdForChat(ALLOWED_USER));
    const payload = JSON.parse(invocation!.body) as { type: string; update: { update_id: number; message: { text: string; chat: { id: number }; from: { id: number } } } };
    expect(payload.type).toBe('telegram_update');
    expect(payload.update.update_id).toBe(updateId);
    expect(payload.update.message).toMatchObject({ text: 'remind me tomorrow at 10 to check emails', chat: { id: ALLOWED_USER }, from: { id: ALLOWED_USER } });
    await expect.poll(() => h.standIn.server.pendingUpdateCount()).toBe(0);
  });

  it("rides out a failed relay: the stand-in's retry reaches the agent and is accepted once", async () => {
    let calls = 0;
    h.agent.answer = () => (++calls === 1 ? { status: 503, body: '{"status":"busy"}' } : ACCEPTED);

    const updateId = await h.standIn.userWrites(ALLOWED_USER, 'every weekday at 8:30 standup', { id: ALLOWED_USER, is_bot: false, first_name: 'Tess' });
    const received = await h.agent.waitFor(2);
    await expect.poll(() => h.standIn.server.pendingUpdateCount()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a wrongful third delivery

    expect(received).toHaveLength(2);
    expect(received.map((r) => (JSON.parse(r.body) as { update: { update_id: number } }).update.update_id)).toEqual([updateId, updateId]);
  });

  it('tells a stranger once and relays nothing', async () => {
    const stranger = { id: STRANGER + 10, is_bot: false, first_name: 'Eve' };
    await h.standIn.userWrites(stranger.id, 'hi', stranger);
    await h.standIn.userWrites(stranger.id, 'hello? remind me at 5', stranger);
    await expect.poll(() => h.standIn.server.pendingUpdateCount()).toBe(0);

    const told = await h.standIn.botMessages(stranger.id);
    const rows = await h.scan(tableName);

    expect(told).toHaveLength(1);
    expect(h.agent.received).toHaveLength(0);
    expect(rows.filter((row) => row.pk === `CHAT#${stranger.id}` || row.chatId === stranger.id).map((row) => row.pk)).toEqual([`UPDATE#-${stranger.id}`]);
  });
});
