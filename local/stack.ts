import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_DUE_SHARDS, TABLE } from '../schema/index.ts';
import { silentLog, type Log } from '../core/log.ts';
import { DynamoDbReminderStore } from '../adapters/dynamodb/dynamodb-store.ts';
import { guardDueShards } from '../adapters/dynamodb/shard-guard.ts';
import { DynamoDbActiveReminderCounter } from '../adapters/dynamodb/active-count.ts';
import { DynamoDbUserPause } from '../adapters/dynamodb/user-pause.ts';
import { DynamoDbPendingEdits } from '../adapters/dynamodb/pending-edit.ts';
import { GroupAdmins } from '../agent/group-admins.ts';
import { DEFAULT_MAX_ACTIVE_REMINDERS } from '../agent/config.ts';
import { DynamoDbReplyOutbox, DynamoDbUpdateInbox } from '../adapters/dynamodb/work-queues.ts';
import { DynamoDbAdminTable } from '../adapters/dynamodb/admin-table.ts';
import { readOverview, withSweepStatus } from '../core/admin/index.ts';
import { createTelegramClient, type TelegramClientWithApi } from '../adapters/telegram/index.ts';
import { createHttpRelay } from '../adapters/agentcore/index.ts';
import { loadWebhookConfig, type AccessPolicy } from '../core/webhook/config.ts';
import { envSecretSource } from '../core/webhook/secrets.ts';
import type { WebhookDeps } from '../core/webhook/handle.ts';
import { startSweeperTimer, sweep, type SweepDeps } from '../core/sweeper/index.ts';
import { createEarlyDelivery } from '../agent/early-delivery.ts';
import type { ModelConfig } from '../agent/deps.ts';
import { KeptReplies } from '../agent/kept-replies.ts';
import { startAgentServer } from '../agent/server.ts';
import { ensureTable, startDynalite } from './dynamo-server.ts';
import { startTelegramStandIn } from './telegram-standin/index.ts';
import { startWebhookServer } from './webhook-http.ts';
import { DEFAULT_CHAT_PAGE_CHATS, startChatServer, type ChatPageConfig } from './chat-server.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { isAddressInUse, LocalStackStartError, PortInUseError, type LocalService } from './errors.ts';
import { startLongPolling } from './long-polling.ts';
import { createStoppableSleep, StackStoppingError } from './stoppable-sleep.ts';
import { startLocalAgentTools, type LocalToolOptions } from './agent-tools.ts';

export interface LocalStackOptions {
  /** Folder for the database and the lock file; created on first run. */
  dataDir: string;
  /** Interface everything listens on. Default 127.0.0.1: nothing is reachable from other machines. */
  host?: string;
  /** Port per part; 0 (the default) picks any free port, as tests want. */
  ports?: Partial<Record<LocalService, number>>;
  /** The one clock of every part; tests pass `() => new Date(Date.now() + offset)` to jump ahead. */
  clock?: () => Date;
  /** A real bot token: talk to real Telegram by long polling instead of starting the stand-in. */
  telegramToken?: string;
  /** Bot API root for `telegramToken` (default https://api.telegram.org); tests point it at a stand-in. */
  telegramApiRoot?: string;
  log?: Log;
  /** How often the sweeper runs. Default 60 s, as EventBridge runs it on AWS. */
  sweepIntervalMs?: number;
  /** Zone for chats that have not set one. Default UTC. */
  defaultTimezone?: string;
  /** Claude on Bedrock; without it the agent runs the deterministic brain only. */
  model?: ModelConfig;
  /** Telegram user ids allowed to use the bot; empty or absent = open access (fine on 127.0.0.1). */
  allowedUserIds?: readonly number[];
  /** Active reminders one chat may have (`NUDGE_MAX_ACTIVE_REMINDERS`); default 1,000. */
  maxActiveReminders?: number;
  /** Due-index shards every part writes and sweeps with (`NUDGE_DUE_SHARDS`); default 16; may grow, never shrink. */
  dueShards?: number;
  /** Table name inside the local database. Default `nudge`. */
  tableName?: string;
  /** Chats shown in the chat page's switcher. */
  chatPage?: Pick<ChatPageConfig, 'users' | 'chats'>;
  /** How long getUpdates waits in real-Telegram mode (seconds). Default 25. */
  pollTimeoutSeconds?: number;
  /** Web search and the e-mail daily limit; e-mail always goes to `<dataDir>/outbox`. */
  tools?: LocalToolOptions;
}

export interface LocalStack {
  urls: {
    /** The page to open; absent with a real bot token (chat in the Telegram app then). */
    chat?: string;
    agent: string;
    webhook: string;
    /** Bot API root the bot talks to: the stand-in's, or the real one. */
    telegramApi: string;
    /** The stand-in's base URL (user side under `/user/`); absent with a real bot token. */
    standIn?: string;
    dynamo: string;
  };
  telegram: 'stand-in' | 'telegram';
  /** Search and e-mail in local mode: what is on, and where the outbox folder is. */
  tools: { description: string; outboxDir: string; searchUrl?: string };
  /** The bot's @username, when Telegram told us. */
  botUsername?: string;
  access: AccessPolicy;
  dataDir: string;
  /** Runs one sweep now and waits for it (tests; the timer keeps running too). */
  sweepNow(): Promise<void>;
  /** Stops every part in reverse start order and releases the data folder. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * For a forced exit only (a second Ctrl-C while stop() is slow): releases the data-folder lock
   * without stopping the parts, so the caller can exit the process right after and the next start
   * finds no lock file. Safe to call twice, also after stop().
   */
  releaseDataDir(): Promise<void>;
}

/** How long stop() lets in-flight sweeps and agent work finish before cutting their waits short. */
const STOP_GRACE_MS = 2_000;
/** Cap on one explicit sweepNow(): it only needs to deliver what is already due. */
const SWEEP_NOW_BUDGET_MS = 15_000;

/**
 * Starts the whole of Nudge on this machine, in order: the data-folder lock, dynalite persisted
 * under `<dataDir>/dynamodb` with the table from `schema/`, the Telegram stand-in (or real Telegram
 * by long polling), the agent server, the webhook endpoint (registered with the stand-in under a
 * fresh secret), the sweeper (one sweep at once, so reminders that fell due while stopped go out
 * now — late, once), and the chat page. A part that fails to start stops the ones before it.
 *
 * @example
 * const stack = await startLocalStack({ dataDir: '.data' });
 * console.log(`open ${stack.urls.chat}`);
 * process.once('SIGINT', () => void stack.stop());
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? (() => new Date());
  // Set once stop() begins: waits cut short from then on are expected, not failures (see quietWhileStopping).
  let stopping = false;
  const log = quietWhileStopping(options.log ?? silentLog, () => stopping);
  const tableName = options.tableName ?? TABLE.localName;
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const port = (service: LocalService) => options.ports?.[service] ?? 0;
  const stops: Array<{ part: string; stop: () => Promise<unknown> }> = [];
  const sleeper = createStoppableSleep();

  /** Starts one part; turns "address in use" into PortInUseError and anything else into LocalStackStartError. */
  async function step<T>(part: string, service: LocalService | undefined, start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (error) {
      if (service && isAddressInUse(error)) throw new PortInUseError(service, host, port(service), { cause: error });
      if (error instanceof PortInUseError || error instanceof LocalStackStartError) throw error;
      throw new LocalStackStartError(part, { cause: error });
    }
  }

  async function stopAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const { part, stop } of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        failures.push(error);
        log.warn('part did not stop cleanly', { part, error: error instanceof Error ? error.message : String(error) });
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'local stack did not stop cleanly');
  }

  try {
    const lock = await lockDataDir(options.dataDir);
    stops.push({ part: 'data folder lock', stop: () => lock.release() });

    const dynamo = await step('the local database (dynalite)', 'dynamo', () =>
      startDynalite({ host, port: port('dynamo'), path: join(options.dataDir, 'dynamodb') }),
    );
    stops.push({ part: 'dynalite', stop: () => dynamo.stop() });
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      // dynalite accepts any signature; fixed keys keep the SDK from looking for real ones.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    stops.push({ part: 'DynamoDB client', stop: async () => client.destroy() });
    await step('the table', undefined, () => ensureTable(client, tableName));
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await step('the due-index shard count', undefined, () => guardDueShards(doc, tableName, options.dueShards));
    const store = new DynamoDbReminderStore({ client: doc, tableName, log, ...(options.dueShards ? { dueShards: options.dueShards } : {}) });
    const outbox = new DynamoDbReplyOutbox({ client: doc, tableName, log });
    const localTools = await step('the agent tools (search, outbox)', undefined, () =>
      startLocalAgentTools({ dataDir: options.dataDir, host, clock, table: { client: doc, tableName }, ...(options.tools ? { tools: options.tools } : {}) }),
    );
    stops.push({ part: 'agent tools', stop: () => localTools.stop() });

    // Telegram: the stand-in with a throwaway token, or the real Bot API with the user's token.
    const realTelegram = options.telegramToken !== undefined;
    const token = options.telegramToken ?? `${7_000_000_000 + randomInt(1_000_000)}:${randomBytes(26).toString('base64url')}`;
    let apiRoot = options.telegramApiRoot ?? 'https://api.telegram.org';
    let standInUrl: string | undefined;
    if (!realTelegram) {
      const standIn = await step('the Telegram stand-in', 'telegram', () => startTelegramStandIn({ host, port: port('telegram'), token, historyFile: join(options.dataDir, 'chat-history.json') }));
      stops.push({ part: 'Telegram stand-in', stop: () => standIn.stop() });
      apiRoot = standIn.apiRoot;
      standInUrl = standIn.url;
    }
    const telegram: TelegramClientWithApi = createTelegramClient({ token, apiRoot, log });
    let botUsername: string | undefined;
    if (realTelegram) {
      // Fails fast on a wrong token, before anything else is waiting on Telegram.
      const me = await step('the connection to Telegram (is TELEGRAM_BOT_TOKEN right?)', undefined, () => telegram.api.getMe());
      botUsername = me.username;
    }

    const defaultTimezone = options.defaultTimezone ?? 'UTC';
    const relayHolder: { relay?: ReturnType<typeof createHttpRelay> } = {};
    const sweepDeps = (): SweepDeps => ({
      store,
      telegram,
      relay: relayHolder.relay!,
      clock,
      sleep: sleeper.sleep,
      log,
      // The `ADMIN / SWEEP` status item after each run, as the Lambda writes it (for `nudge stats` and the admin tab).
      metrics: withSweepStatus(undefined, (item) => new DynamoDbAdminTable(doc, tableName).putSweepStatus(item), log),
    });

    // Reminders due before the next sweep get their own timer: the AgentCore runtime's own wiring,
    // with the stack's stoppable sleep so Ctrl-C cuts a wait short (the row stays due).
    // Per run, never stored or printed: only this process's webhook and sweeper can invoke the agent.
    const agentSecret = randomBytes(32).toString('base64url');
    const early = createEarlyDelivery({ store, telegram, clock, log, sleep: sleeper.sleep }, { maxWaitMs: sweepIntervalMs + 30_000 });

    const agent = await step('the agent server', 'agent', () =>
      startAgentServer({
        host,
        port: port('agent'),
        invocationSecret: agentSecret,
        requireSecretOffLoopback: true,
        deps: {
          store,
          telegram,
          clock,
          log,
          defaultTimezone,
          onReminderScheduled: early.schedule,
          earlyDelivery: early,
          // The data-folder lock makes this the only agent on the table: a restart resumes stored updates at once.
          inbox: new DynamoDbUpdateInbox({ client: doc, tableName, log }),
          inboxSingleProcess: true,
          pendingEdits: new DynamoDbPendingEdits({ client: doc, tableName }),
          groupAdmins: new GroupAdmins(telegram, clock),
          userPause: new DynamoDbUserPause({ client: doc, tableName, ...(options.dueShards ? { dueShards: options.dueShards } : {}) }),
          reminderCap: { limit: options.maxActiveReminders ?? DEFAULT_MAX_ACTIVE_REMINDERS, counter: new DynamoDbActiveReminderCounter({ client: doc, tableName }) },
          keptReplies: new KeptReplies({ outbox, telegram, clock, log }),
          tools: localTools.tools,
          ...(options.model ? { model: options.model } : {}),
        },
      }),
    );
    stops.push({
      part: 'agent server',
      stop: async () => {
        // Let a reply being written finish, but never hang Ctrl-C on a slow model call.
        await withTimeout(agent.stop(), STOP_GRACE_MS * 2);
      },
    });

    const webhookSecret = randomBytes(32).toString('base64url');
    const allowed = options.allowedUserIds ?? [];
    const config = await step('the webhook configuration', undefined, () => {
      // The same loader as the Lambda, fed from a record instead of SSM and process.env.
      const env = {
        NUDGE_TABLE_NAME: tableName,
        ...(allowed.length > 0 ? { NUDGE_ALLOWED_USER_IDS: allowed.join(',') } : { NUDGE_OPEN_ACCESS: 'true' }),
        NUDGE_AGENT_URL: agent.url,
        ...(realTelegram ? {} : { TELEGRAM_API_ROOT: apiRoot }),
        TELEGRAM_BOT_TOKEN: token,
        NUDGE_WEBHOOK_SECRET: webhookSecret,
      };
      return loadWebhookConfig(env, envSecretSource(env));
    });
    const relay = createHttpRelay({ url: agent.url, timeoutMs: config.relayTimeoutMs, secret: agentSecret });
    relayHolder.relay = relay;
    const webhookDeps: WebhookDeps = { config, store, relay, telegram, log, clock };
    const webhook = await step('the webhook endpoint', 'webhook', () => startWebhookServer({ host, port: port('webhook'), deps: webhookDeps }));
    stops.push({ part: 'webhook endpoint', stop: () => webhook.stop() });

    if (realTelegram) {
      const polling = await step('long polling of Telegram', undefined, () =>
        startLongPolling({
          api: telegram.api,
          webhookUrl: webhook.url,
          secretToken: webhookSecret,
          log,
          ...(options.pollTimeoutSeconds !== undefined ? { timeoutSeconds: options.pollTimeoutSeconds } : {}),
        }),
      );
      stops.push({ part: 'long polling', stop: () => polling.stop() });
    } else {
      await step('the webhook registration', undefined, () => telegram.api.setWebhook(webhook.url, { secret_token: webhookSecret }));
    }

    // Sweeper: the timer's first run goes right away (reminders that fell due while Nudge was
    // stopped are delivered now — late, once), then one run per interval, as EventBridge does on AWS.
    const sweeps = new Set<Promise<unknown>>();
    const track = <T>(run: Promise<T>): Promise<T> => {
      sweeps.add(run);
      void run.finally(() => sweeps.delete(run)).catch(() => undefined);
      return run;
    };
    const timer = startSweeperTimer({ deps: sweepDeps(), intervalMs: sweepIntervalMs, runAtStart: true });
    stops.push({
      part: 'sweeper',
      stop: async () => {
        early.close();
        const timerStopped = timer.stop();
        const inFlight = [timerStopped, ...sweeps, early.settled()];
        // A claimed row is sent within claimLeadMs (1 s), so the grace lets those finish; what is
        // still only waiting for a later second is cut short and stays due for the next start.
        if (!(await withTimeout(Promise.allSettled(inFlight), STOP_GRACE_MS))) sleeper.stopAll();
        await withTimeout(Promise.allSettled(inFlight), STOP_GRACE_MS * 2);
      },
    });

    let chatUrl: string | undefined;
    if (standInUrl) {
      const brain = options.model ? `Brain: Claude on Bedrock (${options.model.modelId}) + commands` : 'Brain: deterministic commands only (no model configured)';
      const page: ChatPageConfig = { botName: 'Nudge', brain, timeZone: defaultTimezone, ...(options.chatPage ?? DEFAULT_CHAT_PAGE_CHATS) };
      const chat = await step('the chat page', 'chat', () => startChatServer({
          host,
          port: port('chat'),
          standInUrl: standInUrl!,
          page,
          outboxDir: localTools.outboxDir,
          // A fresh meter per request, so each answer states its own reads.
          adminOverview: () => readOverview(new DynamoDbAdminTable(doc, tableName), (end) => store.findDue(end), { now: clock(), dueShards: options.dueShards ?? DEFAULT_DUE_SHARDS }),
        }));
      stops.push({ part: 'chat page', stop: () => chat.stop() });
      chatUrl = chat.url;
    }

    let stopped: Promise<void> | undefined;
    return {
      urls: {
        ...(chatUrl ? { chat: chatUrl } : {}),
        agent: agent.url,
        webhook: webhook.url,
        telegramApi: apiRoot,
        ...(standInUrl ? { standIn: standInUrl } : {}),
        dynamo: dynamo.endpoint,
      },
      telegram: realTelegram ? 'telegram' : 'stand-in',
      tools: { description: localTools.description, outboxDir: localTools.outboxDir, ...(localTools.searchUrl ? { searchUrl: localTools.searchUrl } : {}) },
      ...(botUsername ? { botUsername } : {}),
      access: config.access,
      dataDir: options.dataDir,
      async sweepNow() {
        // Only what is due now: a short look-ahead keeps this from waiting for later rows.
        await track(sweep(sweepDeps(), { deadline: new Date(clock().getTime() + SWEEP_NOW_BUDGET_MS), lookAheadMs: 1_000 }));
      },
      stop() {
        stopping = true;
        stopped ??= stopAll();
        return stopped;
      },
      releaseDataDir: () => lock.release(),
    };
  } catch (error) {
    await stopAll().catch(() => {
      // The start error is the one worth reporting.
    });
    throw error;
  }
}

/**
 * On stop, the sweeper's waits for a reminder's second are cut short with StackStoppingError (the row
 * stays due for the next start). The sweeper reports that as an error, as it would any failed wait;
 * here it is the expected end of a wait during Ctrl-C, so such lines go to debug once stopping.
 * Anything else — and everything before stop() — keeps its level.
 */
function quietWhileStopping(log: Log, isStopping: () => boolean): Log {
  const mentionsStop = (attributes: unknown[]) =>
    attributes.some(
      (attrs) =>
        typeof attrs === 'object' &&
        attrs !== null &&
        Object.values(attrs).some((value) => value instanceof StackStoppingError || (typeof value === 'string' && value.includes(STOPPING_NAME))),
    );
  const demoted =
    (level: 'info' | 'warn' | 'error'): Log[typeof level] =>
    (message, ...attributes) =>
      isStopping() && mentionsStop(attributes) ? log.debug(message, ...attributes) : log[level](message, ...attributes);
  return { debug: (message, ...attributes) => log.debug(message, ...attributes), info: demoted('info'), warn: demoted('warn'), error: demoted('error') };
}
const STOPPING_NAME = new StackStoppingError().name;

function randomInt(below: number): number {
  return randomBytes(4).readUInt32BE() % below;
}

/** True when `promise` settled within `ms`; false when the time ran out first. */
async function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(
      () => true as const,
      () => true as const,
    ), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
