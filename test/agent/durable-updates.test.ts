import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpRelay } from '../../adapters/agentcore/index.ts';
import { DynamoDbReminderStore, DynamoDbUpdateInbox } from '../../adapters/dynamodb/index.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../local/telegram-standin/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';

const TOKEN = '7000001:AAtest-token-for-durable-updates_xyz';
const CHATS = 20;
const PER_CHAT = 10;

let dynamo: TestDynamo;
let standIn: TelegramStandIn;
beforeAll(async () => {
  [dynamo, standIn] = await Promise.all([startTestDynamo('dynalite'), startTelegramStandIn({ token: TOKEN })]);
});
const children = new Set<ChildProcess>();
afterAll(async () => {
  // A test that failed half-way must not leave an agent process behind.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([dynamo?.stop(), standIn?.stop()]);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The deployable agent entry (agent/main.ts) as its own process, so it can be killed with SIGKILL. */
async function startAgentProcess(table: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'agent/main.ts'], {
    env: {
      PATH: process.env.PATH,
      NUDGE_TABLE_NAME: table,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      PORT: String(port),
      HOST: '127.0.0.1',
      NUDGE_AGENT_SINGLE_PROCESS: 'true',
      NUDGE_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`agent exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/ping`).then((r) => r.ok).catch(() => false);
    if (ok) return child;
    if (Date.now() > until) throw new Error('agent did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const textOf = (chat: number, n: number) => `/remind in 2 hours task-${chat}-${n}`;

describe('an agent killed during a burst of messages (issue #12, item 3)', () => {
  it('acts on every update it answered "accepted" for, after a restart — none lost', async () => {
    // Prepare: the agent as a child process on a fresh table; 20 chats × 10 messages, each chat in order.
    const table = await dynamo.newTable();
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: table });
    const port = await freePort();
    let agent = await startAgentProcess(table, port);
    const relay = createHttpRelay({ url: `http://127.0.0.1:${port}`, timeoutMs: 5_000 });
    const accepted: Array<{ chat: number; n: number }> = [];
    let updateId = 5_000;

    // Act: the burst, one sequential sender per chat; SIGKILL once 60 updates were accepted.
    let killed = false;
    const senders = Array.from({ length: CHATS }, async (_, c) => {
      const chat = 7_000 + c;
      for (let n = 0; n < PER_CHAT && !killed; n++) {
        const update = { update_id: updateId++, message: { message_id: n + 1, chat: { id: chat, type: 'private' as const, first_name: 'U' }, from: { id: chat, is_bot: false, first_name: 'U' }, date: 1, text: textOf(chat, n) } };
        try {
          await relay.invoke(chat, { type: 'telegram_update', update });
          accepted.push({ chat, n });
          if (accepted.length >= 60 && !killed) {
            killed = true;
            agent.kill('SIGKILL');
          }
        } catch {
          return; // refused or killed: Telegram would send it again; the test only follows accepted ones
        }
      }
    });
    await Promise.all(senders);
    await new Promise<void>((resolve) => (agent.exitCode !== null || agent.signalCode !== null ? resolve() : agent.once('exit', () => resolve())));
    agent = await startAgentProcess(table, port);

    // Assess: every accepted update becomes its reminder, exactly once, and nothing stays in the inbox.
    const inbox = new DynamoDbUpdateInbox({ client: dynamo.doc, tableName: table });
    const until = Date.now() + 60_000;
    while ((await inbox.chatsWaiting()).length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
    const texts = new Map<string, number>();
    for (let c = 0; c < CHATS; c++) {
      for (const reminder of (await store.listReminders(7_000 + c, { limit: 100 })).items) texts.set(reminder.text, (texts.get(reminder.text) ?? 0) + 1);
    }
    agent.kill('SIGKILL');
    const lost = accepted.filter(({ chat, n }) => !texts.has(`task-${chat}-${n}`)).length;
    const doubled = [...texts.values()].filter((count) => count > 1).length;
    console.info(`[item 3] killed after ${accepted.length} accepted updates: ${lost} lost, ${doubled} acted on twice`);
    expect(lost).toBe(0);
    // The one window: an update acted on whose removal from the inbox the kill cut off (at most one per chat in flight).
    expect(doubled).toBeLessThanOrEqual(CHATS);
    expect(await inbox.chatsWaiting()).toEqual([]);
  }, 300_000);
});
