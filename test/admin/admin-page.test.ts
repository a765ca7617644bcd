import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOverview } from '../../core/admin/index.ts';
import { DynamoDbAdminTable } from '../../adapters/dynamodb/index.ts';
import { createChatApp, DEFAULT_CHAT_PAGE_CHATS } from '../../local/chat-server.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';
import { CHAT, GROUP, seed, type Seeded, SEEDED_AT } from './support.ts';

describe('local mode admin tab (GET /admin/overview.json over a seeded table)', () => {
  let dynamo: TestDynamo;
  let s: Seeded;
  beforeAll(async () => {
    dynamo = await startTestDynamo('dynalite');
    s = await seed(dynamo, SEEDED_AT);
  });
  afterAll(() => dynamo?.stop());

  const app = (adminOverview?: () => Promise<unknown>) =>
    createChatApp({ standInUrl: 'http://127.0.0.1:1', page: { botName: 'Nudge', brain: 'test', ...DEFAULT_CHAT_PAGE_CHATS }, ...(adminOverview ? { adminOverview } : {}) });

  it('answers with the same stats, due rows, stopped rows and deliveries as the CLI functions', async () => {
    // Prepare
    const now = new Date(s.now.getTime() + 2_000);
    const overview = () => readOverview(new DynamoDbAdminTable(dynamo.doc, s.table), (end) => s.store.findDue(end), { now, dueShards: 16 });

    // Act
    const answer = await app(overview).request('/admin/overview.json');
    const script = await app(overview).request('/admin.js');

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    const body = await answer.json();
    expect(body.ok).toBe(true);
    expect(body.stats).toMatchObject({ pending: 4, failed: 1, paused: { reminders: 1, chats: 1 }, chats: 2, deliveries: { lastHour: 1, lastDay: 1 } });
    // A claim leaves the held row at its due time in the index (it no longer moves it to the lease end).
    expect(body.dueSoon.map((r: { id: string }) => r.id)).toEqual([s.held.id, s.soon.id]);
    expect(body.stopped.map((r: { chatId: number; status: string }) => [r.chatId, r.status])).toEqual([[GROUP, 'paused'], [CHAT, 'failed']]);
    expect(body.deliveries).toEqual([expect.objectContaining({ chatId: CHAT, shortId: 4, text: 'water the plants', messageId: 777 })]);
    expect(body.reads.requests).toBeGreaterThan(0);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('/admin/overview.json');
  });

  it('says plainly when the table cannot be read, and 404s without an overview', async () => {
    // Act
    const failing = await app(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });
    }).request('/admin/overview.json');
    const none = await app().request('/admin/overview.json');

    // Assess
    expect(failing.status).toBe(503);
    expect(await failing.json()).toEqual({ ok: false, error: 'the table could not be read (TimeoutError)' });
    expect(none.status).toBe(404);
  });
});
