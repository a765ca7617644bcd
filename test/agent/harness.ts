import { afterAll, beforeAll } from 'vitest';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { AgentRelay } from '../../core/agent-relay/port.ts';
import { silentLog, type Log } from '../../core/log.ts';
import { DynamoDbPendingEdits, DynamoDbReminderStore, DynamoDbUserPause } from '../../adapters/dynamodb/index.ts';
import type { ReminderStore } from '../../core/store/port.ts';
import { sweep } from '../../core/sweeper/index.ts';
import { createTelegramClient, type TelegramClientWithApi } from '../../adapters/telegram/index.ts';
import type { TelegramClient } from '../../core/telegram/port.ts';
import { startTelegramStandIn, type ChatMessageView, type TelegramStandIn } from '../../local/telegram-standin/index.ts';
import type { TgUser } from '../../local/telegram-standin/types.ts';
import type { AgentDeps } from '../../agent/deps.ts';
import { GroupAdmins } from '../../agent/group-admins.ts';
import type { AgentToolDeps } from '../../agent/tools/deps.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESSION_HEADER, startAgentServer, type RunningAgentServer } from '../../agent/server.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';
import { startFakeBedrock, type FakeBedrock } from '../support/fake-bedrock.ts';

export const TOKEN = '7000001:AAtest-token-for-the-agent-tests_xyz';

/** Tuesday 24 Nov 2026, 09:00 UTC: the tests' "now" unless they move it. */
export const T0 = new Date('2026-11-24T09:00:00.000Z');

/** Shared servers for one test file: dynalite, the Telegram stand-in, optionally the fake Bedrock. */
export interface Backends {
  dynamo: TestDynamo;
  standIn: TelegramStandIn;
  bedrock: FakeBedrock;
  /** The one update the stand-in has queued since the last call (what Telegram would deliver to the webhook). */
  nextUpdate(): Promise<Update>;
  /** Exactly `count` queued updates, oldest first (several presses queued before any is handled). */
  nextUpdates(count: number): Promise<Update[]>;
  /** Queues presses on one message before any is handled, as a fast double-tap does; returns their updates. */
  queuePresses(chatId: number, messageId: number, data: string[]): Promise<Update[]>;
  stop(): Promise<void>;
}

export async function startBackends(): Promise<Backends> {
  const [dynamo, standIn, bedrock] = await Promise.all([startTestDynamo('dynalite'), startTelegramStandIn({ token: TOKEN }), startFakeBedrock()]);
  // One offset per stand-in: several agents in one test file read the same update queue.
  const api = new Api(TOKEN, { apiRoot: standIn.apiRoot });
  let updateOffset = 0;
  async function nextUpdates(count: number): Promise<Update[]> {
    const updates = await api.getUpdates({ offset: updateOffset, timeout: 0 });
    const last = updates.at(-1);
    if (!last || updates.length !== count) throw new Error(`expected exactly ${count} pending update(s), got ${updates.length}`);
    updateOffset = last.update_id + 1;
    return updates;
  }
  return {
    dynamo,
    standIn,
    bedrock,
    async nextUpdate() {
      const [update] = await nextUpdates(1);
      return update as Update;
    },
    nextUpdates,
    queuePresses(chatId, messageId, data) {
      for (const d of data) standIn.userPress(chatId, messageId, d);
      return nextUpdates(data.length);
    },
    async stop() {
      await Promise.all([dynamo.stop(), standIn.stop(), bedrock.stop()]);
    },
  };
}

export interface AgentUnderTest {
  server: RunningAgentServer;
  deps: AgentDeps;
  store: ReminderStore;
  telegram: TelegramClientWithApi;
  tableName: string;
  /** The Telegram stand-in the agent talks to (faults, admins, what was answered). */
  standIn: TelegramStandIn;
  /** Moves the agent's clock. */
  setNow(now: Date): void;
  /** Reminders the agent reported through onReminderScheduled. */
  scheduled: string[];
  /** The user writes `text`; the resulting update goes to /invocations; resolves with the bot's new messages once the work is done. */
  say(chatId: number, text: string, from?: TgUser): Promise<ChatMessageView[]>;
  /** The user presses a button; same flow as `say`. */
  press(chatId: number, messageId: number, data: string, from?: TgUser): Promise<ChatMessageView[]>;
  /** POSTs any payload to /invocations (no waiting). */
  invoke(payload: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Everything the bot has sent to a chat so far (edits applied). */
  botMessages(chatId: number): ChatMessageView[];
  stop(): Promise<void>;
}

export interface AgentOptions {
  tableName?: string;
  withModel?: boolean;
  now?: Date;
  /** Wraps the real adapters to inject faults or observe calls. */
  wrapStore?: (store: ReminderStore) => ReminderStore;
  wrapTelegram?: (telegram: TelegramClient) => TelegramClient;
  log?: Log;
  maxTurns?: number;
  /** Search, e-mail and memory controls, built over the test's table. */
  tools?: (table: { client: DynamoDBDocumentClient; tableName: string }) => AgentToolDeps;
}

/** Starts an agent server on 127.0.0.1:0 over real dynalite, the stand-in and (optionally) the fake Bedrock. */
export async function startAgent(backends: Backends, options: AgentOptions = {}): Promise<AgentUnderTest> {
  const tableName = options.tableName ?? (await backends.dynamo.newTable('agent'));
  const baseStore = new DynamoDbReminderStore({ client: backends.dynamo.doc, tableName });
  const store = options.wrapStore ? options.wrapStore(baseStore) : baseStore;
  const telegram = createTelegramClient({
    token: TOKEN,
    apiRoot: backends.standIn.apiRoot,
    // Telegram's 1 msg/s per chat would make every test wait; the limiter itself is tested elsewhere.
    limits: { perBotPerSecond: 1000, perPrivateChatPerSecond: 1000, perGroupPerMinute: 10_000 },
  });
  let now = options.now ?? T0;
  const scheduled: string[] = [];
  const deps: AgentDeps = {
    store,
    telegram: options.wrapTelegram ? options.wrapTelegram(telegram) : telegram,
    clock: () => now,
    // AGENT_TEST_LOG=1 shows the agent's log lines when a test needs explaining.
    log: options.log ?? (process.env.AGENT_TEST_LOG ? consoleLog : silentLog),
    defaultTimezone: 'UTC',
    onReminderScheduled: (reminder) => scheduled.push(reminder.id),
    userPause: new DynamoDbUserPause({ client: backends.dynamo.doc, tableName }),
    pendingEdits: new DynamoDbPendingEdits({ client: backends.dynamo.doc, tableName }),
    ...(options.tools ? { tools: options.tools({ client: backends.dynamo.doc, tableName }) } : {}),
  };
  deps.groupAdmins = new GroupAdmins(deps.telegram, deps.clock);
  if (options.withModel) {
    deps.model = {
      client: new BedrockRuntimeClient({
        endpoint: backends.bedrock.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        // Scripted errors must reach the agent as they are, not be retried into the next scripted step.
        maxAttempts: 1,
      }),
      modelId: 'anthropic.claude-test-v1:0',
      maxTurns: options.maxTurns ?? 6,
      maxTokens: 512,
    };
  }
  const server = await startAgentServer({ port: 0, host: '127.0.0.1', deps });

  async function relay(chatId: number, update: Update): Promise<ChatMessageView[]> {
    const before = new Set(backends.standIn.sentMessages(chatId).map((m) => m.message_id));
    const response = await invoke({ type: 'telegram_update', update });
    if (response.status !== 200) throw new Error(`invocation answered ${response.status}: ${await response.text()}`);
    await server.idle();
    return backends.standIn.sentMessages(chatId).filter((m) => !before.has(m.message_id));
  }

  function invoke(payload: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${server.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SESSION_HEADER]: 'telegram-chat-session-test________', ...headers },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  }

  return {
    server,
    deps,
    store,
    telegram,
    tableName,
    scheduled,
    standIn: backends.standIn,
    setNow: (next) => {
      now = next;
    },
    async say(chatId, text, from) {
      backends.standIn.userSend(chatId, text, from);
      return relay(chatId, await backends.nextUpdate());
    },
    async press(chatId, messageId, data, from) {
      backends.standIn.userPress(chatId, messageId, data, from);
      return relay(chatId, await backends.nextUpdate());
    },
    invoke,
    botMessages: (chatId) => backends.standIn.sentMessages(chatId),
    stop: () => server.stop(),
  };
}

const consoleLog: Log = {
  debug: (message, ...extra) => console.debug(message, ...extra),
  info: (message, ...extra) => console.info(message, ...extra),
  warn: (message, ...extra) => console.warn(message, ...extra),
  error: (message, ...extra) => console.error(message, ...extra),
};

/** The text of the only message in `messages` (fails loudly otherwise). */
export function only(messages: ChatMessageView[]): ChatMessageView {
  if (messages.length !== 1) throw new Error(`expected one bot message, got ${messages.length}: ${JSON.stringify(messages.map((m) => m.text))}`);
  return messages[0] as ChatMessageView;
}

/** The callback data of the button labelled `text` ('' when the message has none). */
export function buttonData(message: Pick<ChatMessageView, 'buttons'>, text: string): string {
  return message.buttons.flat().find((b) => b.text === text)?.callback_data ?? '';
}

const noActions: AgentRelay = { invoke: () => Promise.reject(new Error('no scheduled actions in this test')) };

/** One real sweeper run over the agent's table and stand-in, on the agent's clock (its sleeps move that clock). */
export async function sweepOnAgentClock(subject: AgentUnderTest): Promise<void> {
  await sweep(
    {
      store: subject.store,
      telegram: subject.telegram,
      relay: noActions,
      clock: subject.deps.clock,
      sleep: (ms) => {
        subject.setNow(new Date(subject.deps.clock().getTime() + ms));
        return Promise.resolve();
      },
      log: silentLog,
    },
    { deadline: new Date(subject.deps.clock().getTime() + 60_000) },
  );
}

/**
 * Backends and an agent started before the file's tests and stopped after them. The returned object
 * forwards to the running agent, so tests read `agent.say(…)` as with a started one.
 */
export function useAgent(options: AgentOptions = {}): AgentUnderTest {
  let backends: Backends | undefined;
  let started: AgentUnderTest | undefined;
  beforeAll(async () => {
    backends = await startBackends();
    started = await startAgent(backends, options);
  });
  afterAll(async () => {
    await started?.stop();
    await backends?.stop();
  });
  return new Proxy({} as AgentUnderTest, {
    get(_target, key) {
      if (!started) throw new Error('the agent is started in beforeAll: use it inside a test');
      const value: unknown = Reflect.get(started, key);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
