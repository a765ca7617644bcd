import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { readDueShards } from '../core/config/due-shards.ts';
import { boolean, ConfigError, integer, optionalString, requireString, type Env } from '../core/config/env.ts';
import type { Log } from '../core/log.ts';
import { createLog } from '../adapters/powertools/log.ts';
import { DynamoDbActiveReminderCounter, DynamoDbPendingEdits, DynamoDbReminderStore, DynamoDbReplyOutbox, DynamoDbUpdateInbox, DynamoDbUserPause, guardDueShards } from '../adapters/dynamodb/index.ts';
import { createBotTokenReader, currentTokenTelegram, telegramForCurrentToken, type ParameterReader, type TelegramClient } from '../core/telegram/index.ts';
import { createTelegramClient } from '../adapters/telegram/index.ts';
import { isValidZone } from '../schema/index.ts';
import type { AgentDeps } from './deps.ts';
import { createEarlyDelivery } from './early-delivery.ts';
import { KeptReplies } from './kept-replies.ts';
import { GroupAdmins } from './group-admins.ts';
import { buildToolDeps, readToolConfig, type ToolConfig } from './tools/config.ts';

/** Active (not failed) reminders one chat may have unless `NUDGE_MAX_ACTIVE_REMINDERS` says otherwise. */
export const DEFAULT_MAX_ACTIVE_REMINDERS = 1_000;

/** The agent's settings, read once from the environment. */
export interface AgentConfig {
  tableName: string;
  /** Local DynamoDB-API server; absent on AWS. */
  dynamodbEndpoint?: string;
  /**
   * Where the bot token comes from: an SSM SecureString (AWS; read lazily, cached `maxAgeSeconds`,
   * a send waits up to `waitMs` for it while SSM is unavailable) or the env (local).
   */
  botToken: { from: 'ssm'; parameterName: string; maxAgeSeconds: number; waitMs: number } | { from: 'env'; value: string };
  telegramApiRoot?: string;
  /** Bedrock model id; absent → deterministic path only. */
  modelId?: string;
  /** Override for the Bedrock Runtime endpoint (a local fake). */
  bedrockEndpoint?: string;
  maxTurns: number;
  maxTokens: number;
  port: number;
  host: string;
  defaultTimezone: string;
  logLevel?: string;
  /** Only this process serves the table (local mode): a restart takes over stored updates at once instead of after their lease. */
  singleProcess: boolean;
  /** Active reminders one chat may have (`NUDGE_MAX_ACTIVE_REMINDERS`, default 1,000). */
  maxActiveReminders?: number;
  /** `NUDGE_DUE_SHARDS`, as the sweeper reads it; the store's default (16) when unset. */
  dueShards?: number;
  /** Web search and e-mail (each off when unset). */
  tools?: ToolConfig;
}

/**
 * Reads and checks the agent's settings, failing fast with the name of a missing or bad key.
 * `NUDGE_TABLE_NAME`; `NUDGE_BOT_TOKEN_PARAM` (SSM) or `TELEGRAM_BOT_TOKEN`; optional
 * `DYNAMODB_ENDPOINT`, `TELEGRAM_API_ROOT`, `NUDGE_MODEL_ID`, `NUDGE_BEDROCK_ENDPOINT`,
 * `NUDGE_MODEL_MAX_TURNS` (6), `NUDGE_MODEL_MAX_TOKENS` (1024), `PORT` (8080), `HOST` (0.0.0.0),
 * `NUDGE_DEFAULT_TIMEZONE` (UTC), `NUDGE_LOG_LEVEL`, `NUDGE_AGENT_SINGLE_PROCESS` (false),
 * `NUDGE_TOKEN_MAX_AGE_SECONDS` (300, as the sweeper), `NUDGE_TOKEN_WAIT_MS` (120000),
 * `NUDGE_MAX_ACTIVE_REMINDERS` (1000), `NUDGE_DUE_SHARDS` (16).
 */
export function readAgentConfig(env: Env): AgentConfig {
  const parameterName = optionalString(env, 'NUDGE_BOT_TOKEN_PARAM');
  const tokenValue = optionalString(env, 'TELEGRAM_BOT_TOKEN');
  if (!parameterName && !tokenValue) {
    throw new ConfigError('NUDGE_BOT_TOKEN_PARAM', 'missing required setting NUDGE_BOT_TOKEN_PARAM (SSM parameter name) or TELEGRAM_BOT_TOKEN (local)');
  }
  const defaultTimezone = optionalString(env, 'NUDGE_DEFAULT_TIMEZONE') ?? 'UTC';
  if (!isValidZone(defaultTimezone)) throw new ConfigError('NUDGE_DEFAULT_TIMEZONE', `NUDGE_DEFAULT_TIMEZONE is not a known IANA zone: "${defaultTimezone}"`);
  const config: AgentConfig = {
    tableName: requireString(env, 'NUDGE_TABLE_NAME'),
    botToken: parameterName
      ? {
          from: 'ssm',
          parameterName,
          maxAgeSeconds: integer(env, 'NUDGE_TOKEN_MAX_AGE_SECONDS', 300, { min: 0 }),
          waitMs: integer(env, 'NUDGE_TOKEN_WAIT_MS', 120_000, { min: 0, max: 900_000 }),
        }
      : { from: 'env', value: tokenValue ?? '' },
    maxTurns: integer(env, 'NUDGE_MODEL_MAX_TURNS', 6, { min: 1, max: 20 }),
    maxTokens: integer(env, 'NUDGE_MODEL_MAX_TOKENS', 1024, { min: 64, max: 8192 }),
    port: integer(env, 'PORT', 8080, { min: 0, max: 65535 }),
    host: optionalString(env, 'HOST') ?? '0.0.0.0',
    defaultTimezone,
    singleProcess: boolean(env, 'NUDGE_AGENT_SINGLE_PROCESS', false),
  };
  const tools = readToolConfig(env);
  if (tools.search || tools.email) config.tools = tools;
  const optional = {
    dynamodbEndpoint: optionalString(env, 'DYNAMODB_ENDPOINT'),
    telegramApiRoot: optionalString(env, 'TELEGRAM_API_ROOT'),
    modelId: optionalString(env, 'NUDGE_MODEL_ID'),
    bedrockEndpoint: optionalString(env, 'NUDGE_BEDROCK_ENDPOINT'),
    logLevel: optionalString(env, 'NUDGE_LOG_LEVEL'),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(config, { [key]: value });
  const dueShards = readDueShards(env);
  if (dueShards !== undefined) config.dueShards = dueShards;
  if (optionalString(env, 'NUDGE_MAX_ACTIVE_REMINDERS') !== undefined) config.maxActiveReminders = integer(env, 'NUDGE_MAX_ACTIVE_REMINDERS', DEFAULT_MAX_ACTIVE_REMINDERS, { min: 1, max: 100_000 });
  return config;
}

/**
 * Builds the real adapters (DynamoDB store, Telegram client, Bedrock client) from the settings, and
 * the short-lived delivery timers for reminders due before the sweeper's next run. Reads no secret:
 * on AWS the bot token is read on the first Telegram call (see telegramFor), so the server listens
 * and answers /ping even while SSM is throttled, denied or down.
 */
export async function buildAgentDeps(config: AgentConfig, log: Log = createLog('nudge-agent', config.logLevel), seams: { readParameter?: ParameterReader } = {}): Promise<AgentDeps> {
  const dynamo = new DynamoDBClient(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {});
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  // Fewer shards than the table's rows use would hide reminders from the sweeper: refused at start.
  await guardDueShards(doc, config.tableName, config.dueShards);
  const store = new DynamoDbReminderStore({ client: doc, tableName: config.tableName, log, ...(config.dueShards ? { dueShards: config.dueShards } : {}) });
  const clock = () => new Date();
  const telegram = telegramFor(config, log, clock, seams.readParameter);
  // Reminders due before the sweeper's next run get a timer here, through the sweeper's claim protocol;
  // due actions come back into this process's own work queue (the agent app attaches it when it serves).
  const earlyDelivery = createEarlyDelivery({ store, telegram, clock, log });
  const deps: AgentDeps = {
    store,
    telegram,
    clock,
    log,
    defaultTimezone: config.defaultTimezone,
    onReminderScheduled: (reminder) => earlyDelivery.schedule(reminder),
    earlyDelivery,
    inbox: new DynamoDbUpdateInbox({ client: doc, tableName: config.tableName, log }),
    inboxSingleProcess: config.singleProcess,
    pendingEdits: new DynamoDbPendingEdits({ client: doc, tableName: config.tableName }),
    groupAdmins: new GroupAdmins(telegram, clock),
    userPause: new DynamoDbUserPause({ client: doc, tableName: config.tableName, ...(config.dueShards ? { dueShards: config.dueShards } : {}) }),
    reminderCap: { limit: config.maxActiveReminders ?? DEFAULT_MAX_ACTIVE_REMINDERS, counter: new DynamoDbActiveReminderCounter({ client: doc, tableName: config.tableName }) },
    keptReplies: new KeptReplies({ outbox: new DynamoDbReplyOutbox({ client: doc, tableName: config.tableName, log }), telegram, clock, log }),
    tools: await buildToolDeps(config.tools ?? {}, { client: doc, tableName: config.tableName }, log),
  };
  if (config.modelId) {
    deps.model = {
      client: new BedrockRuntimeClient(config.bedrockEndpoint ? { endpoint: config.bedrockEndpoint } : {}),
      modelId: config.modelId,
      maxTurns: config.maxTurns,
      maxTokens: config.maxTokens,
    };
  }
  return deps;
}

/**
 * Local: a client for the env token. AWS: a client that reads the token from SSM when first needed,
 * through the shared reader (cached, re-read after `maxAgeSeconds` so a rotation reaches this warm
 * session, retried), and waits for it rather than failing while SSM is unavailable.
 */
function telegramFor(config: AgentConfig, log: Log, clock: () => Date, readParameter: ParameterReader = (name, options) => getParameter(name, options)): TelegramClient {
  // Node's own fetch: grammY's default (node-fetch 2) checks `signal.constructor.name === 'AbortSignal'`,
  // which fails once esbuild renames classes in the deploy bundle ("Expected signal to be an instanceof AbortSignal").
  const build = (token: string) => createTelegramClient({ token, log, ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}) });
  const source = config.botToken;
  if (source.from === 'env') {
    if (!source.value) throw new ConfigError('TELEGRAM_BOT_TOKEN', 'TELEGRAM_BOT_TOKEN is empty');
    return build(source.value);
  }
  const readToken = createBotTokenReader({ parameterName: source.parameterName, maxAgeSeconds: source.maxAgeSeconds, read: readParameter });
  return currentTokenTelegram(telegramForCurrentToken({ readToken, build, log }), {
    waitForTokenMs: source.waitMs,
    retryEveryMs: 2_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    clock,
    log,
  });
}
