import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildAgentDeps, readAgentConfig } from '../../agent/config.ts';
import type { AgentDeps } from '../../agent/deps.ts';
import { SESSION_HEADER, startAgentServer, type RunningAgentServer } from '../../agent/server.ts';
import { silentLog } from '../../core/log.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import type { ChatMessageView } from '../../local/telegram-standin/index.ts';
import { startBackends, TOKEN, type Backends } from './harness.ts';

// Issue 6 on AWS: a reminder due before the sweeper's next run is delivered by a timer in the agent
// that wrote it, through the sweeper's claim protocol. The agent here is wired exactly as in
// production (readAgentConfig → buildAgentDeps → startAgentServer) over dynalite and the Telegram
// stand-in, with a real clock and no sweeper running.

let backends: Backends;
let agent: { server: RunningAgentServer; deps: AgentDeps; store: DynamoDbReminderStore } | undefined;

beforeAll(async () => {
  // The SDK's default chain would look for real AWS settings; dynalite takes any.
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  backends = await startBackends();
});
afterEach(async () => {
  await agent?.server.stop();
  await agent?.deps.earlyDelivery?.settled();
  agent = undefined;
});
afterAll(async () => {
  await backends?.stop();
  vi.unstubAllEnvs();
});

async function startProductionAgent() {
  const tableName = await backends.dynamo.newTable('early');
  const config = readAgentConfig({
    NUDGE_TABLE_NAME: tableName,
    TELEGRAM_BOT_TOKEN: TOKEN,
    DYNAMODB_ENDPOINT: backends.dynamo.endpoint,
    TELEGRAM_API_ROOT: backends.standIn.apiRoot,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const deps = await buildAgentDeps(config, silentLog);
  const server = await startAgentServer({ port: config.port, host: config.host, deps });
  // A second store over the same table, to look at rows without going through the agent.
  return { server, deps, store: new DynamoDbReminderStore({ client: backends.dynamo.doc, tableName }) };
}

const ping = async (url: string) => (await (await fetch(`${url}/ping`)).json()) as { status: string; time_of_last_update: number };

/** The user writes `text`; the update goes to /invocations as the webhook would send it; waits for the reply. */
async function say(url: string, server: RunningAgentServer, chatId: number, text: string): Promise<void> {
  backends.standIn.userSend(chatId, text);
  const update = await backends.nextUpdate();
  const response = await fetch(`${url}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SESSION_HEADER]: `telegram-chat-session-${chatId}`.padEnd(33, '_') },
    body: JSON.stringify({ type: 'telegram_update', update }),
  });
  expect(response.status).toBe(200);
  await server.idle();
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const received = (chatId: number, text: string): ChatMessageView[] => backends.standIn.sentMessages(chatId).filter((m) => m.text === text);

describe('a reminder due before the next sweeper run, on the production wiring', () => {
  it('/remind in 3 seconds → delivered on its second, once; /ping HealthyBusy while it waits, Healthy after', async () => {
    agent = await startProductionAgent();
    const { server, store } = agent;

    // Act: the person asks over the real HTTP contract.
    await say(server.url, server, 801, '/remind in 3 seconds stand up');
    const reminder = await store.getReminderByShortId(801, 1);
    expect(reminder).toBeDefined();
    const busy = await ping(server.url);

    // Assess: the timer keeps the session busy, then delivers within a second of the due time.
    expect(busy.status).toBe('HealthyBusy');
    const [delivered] = await waitFor('the reminder', () => {
      const found = received(801, '⏰ #1 stand up');
      return found.length > 0 ? found : undefined;
    }, 6_000);
    // Seen at the stand-in (polled every 25 ms) no earlier than its second and within one after it.
    const lagMs = Date.now() - Date.parse(reminder!.dueAt);
    expect(lagMs).toBeGreaterThanOrEqual(0);
    expect(lagMs).toBeLessThan(1_000);
    expect(delivered!.text).toBe('⏰ #1 stand up');

    await agent.deps.earlyDelivery!.settled();
    const idle = await ping(server.url);
    expect(idle.status).toBe('Healthy');
    expect(idle.time_of_last_update).toBeGreaterThanOrEqual(busy.time_of_last_update);
    // Completed through the claim protocol: the row is no reminder any more and the delivery is logged; never sent twice.
    expect(await store.getReminder(801, reminder!.id)).toBeUndefined();
    expect((await store.listDeliveryLog(801, new Date())).map((e) => e.reminderId)).toEqual([reminder!.id]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received(801, '⏰ #1 stand up')).toHaveLength(1);
  });

  it('a due scheduled action goes through the in-process relay into the agent\'s own work queue', async () => {
    agent = await startProductionAgent();
    const { deps, store } = agent;
    const action = await store.createReminder({ chatId: 802, text: 'check the oven', work: 'action', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(Date.now() + 1_500) }, new Date());

    deps.onReminderScheduled!(action);
    expect((await ping(agent.server.url)).status).toBe('HealthyBusy');

    // Without a model the instruction is sent as a plain reminder by the agent's reminder_due handling.
    const [message] = await waitFor('the action result', () => {
      const found = received(802, '⏰ check the oven');
      return found.length > 0 ? found : undefined;
    }, 5_000);
    expect(message).toBeDefined();
    const lagMs = Date.now() - Date.parse(action.dueAt);
    expect(lagMs).toBeGreaterThanOrEqual(0);
    expect(lagMs).toBeLessThan(1_000);
    await deps.earlyDelivery!.settled();
    await agent.server.idle();
    expect(await store.getReminder(802, action.id)).toBeUndefined();
    expect((await ping(agent.server.url)).status).toBe('Healthy');
  });

  it('a reminder due after the next sweeper run gets no timer and leaves /ping Healthy', async () => {
    agent = await startProductionAgent();
    await say(agent.server.url, agent.server, 803, '/remind in 10 minutes stretch');
    expect(agent.deps.earlyDelivery!.pending).toBe(0);
    expect((await ping(agent.server.url)).status).toBe('Healthy');
  });
});
