import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../core/log.ts';
import { DynamoDbReminderStore, DynamoDbReplyOutbox, DynamoDbUpdateInbox } from '../../adapters/dynamodb/index.ts';
import { createTelegramClient } from '../../adapters/telegram/index.ts';
import { KeptReplies } from '../../agent/kept-replies.ts';
import type { AgentDeps } from '../../agent/deps.ts';
import { SESSION_HEADER, startAgentServer } from '../../agent/server.ts';
import { startBackends, TOKEN, type Backends } from './harness.ts';

let backends: Backends;
beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends?.stop());

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describe('replies under a long 429 (issue #12, item 5)', () => {
  it('keeps every confirmation Telegram would not take and sends them all, once, in order, when it allows', async () => {
    // Prepare: an agent with the table's outbox and a client that waits at most 1 s; Telegram answers every
    // sendMessage with 429 retry_after 4 for the next 3 s.
    const tableName = await backends.dynamo.newTable('kept');
    const doc = backends.dynamo.doc;
    const clock = () => new Date();
    const telegram = createTelegramClient({ token: TOKEN, apiRoot: backends.standIn.apiRoot, maxWaitMs: 1_000, limits: { perBotPerSecond: 1000, perPrivateChatPerSecond: 1000, perGroupPerMinute: 10_000 } });
    const outbox = new DynamoDbReplyOutbox({ client: doc, tableName });
    const keptReplies = new KeptReplies({ outbox, telegram, clock, log: silentLog });
    const deps: AgentDeps = {
      store: new DynamoDbReminderStore({ client: doc, tableName }),
      telegram,
      clock,
      log: silentLog,
      defaultTimezone: 'UTC',
      inbox: new DynamoDbUpdateInbox({ client: doc, tableName }),
      inboxSingleProcess: true,
      keptReplies,
    };
    const server = await startAgentServer({ port: 0, host: '127.0.0.1', deps });
    backends.standIn.faults.floodFor(3_000, 4);
    const chats = [8_101, 8_102];

    // Act: 5 messages in each of two chats, during the flood.
    let updateId = 90_000;
    for (let n = 0; n < 5; n++) {
      for (const chat of chats) {
        const update = { update_id: updateId++, message: { message_id: n + 1, chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'U' }, date: 1, text: `/remind in 2 hours kept-${chat}-${n}` } };
        const response = await fetch(`${server.url}/invocations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SESSION_HEADER]: `telegram-chat-session-${chat}_______________` },
          body: JSON.stringify({ type: 'telegram_update', update }),
        });
        expect(response.status).toBe(200);
      }
    }
    await server.idle();
    const duringFlood = backends.standIn.sentMessages(chats[0]).length + backends.standIn.sentMessages(chats[1]).length;
    const confirmations = () => chats.flatMap((chat) => backends.standIn.sentMessages(chat).filter((m) => m.text.includes('kept-')));
    await waitFor(() => confirmations().length >= 10, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a late duplicate would show up here

    // Assess: nothing arrived during the flood; all ten afterwards, each once, in each chat's order.
    console.info(`[item 5] 10 confirmations during a 429 flood: ${confirmations().length} arrived`);
    expect(duringFlood).toBe(0);
    expect(confirmations()).toHaveLength(10);
    for (const chat of chats) {
      const texts = backends.standIn.sentMessages(chat).map((m) => /kept-\d+-(\d)/.exec(m.text)?.[1]);
      expect(texts).toEqual(['0', '1', '2', '3', '4']);
    }
    expect(await outbox.chatsWaiting()).toEqual([]);
    await server.stop();
  }, 60_000);
});
