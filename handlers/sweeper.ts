import { Metrics } from '@aws-lambda-powertools/metrics';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { createAgentCoreRelay } from '../adapters/agentcore/index.ts';
import type { Env } from '../core/config/env.ts';
import type { Log } from '../core/log.ts';
import { createLog } from '../adapters/powertools/log.ts';
import { deliverAllKeptReplies } from '../core/outbox/deliver-kept.ts';
import { withSweepStatus } from '../core/admin/index.ts';
import { type ReplyOutbox } from '../core/store/index.ts';
import { DynamoDbAdminTable, DynamoDbReminderStore, DynamoDbReplyOutbox, guardDueShards } from '../adapters/dynamodb/index.ts';
import { DynamoDbSenderLeaseStore, type SenderLeaseStore } from '../adapters/dynamodb/sender-lease-store.ts';
import { readSweeperConfig, sweep, telegramForCurrentToken, type SweepDeps, type SweepReport } from '../core/sweeper/index.ts';
import { createEmfMetricsSink } from '../adapters/powertools/index.ts';
import { LEASED_SWEEP_DEFAULTS, leasedSweep, type LeasedSweepOptions } from '../core/sweeper/leased-sweep.ts';
import type { LeaseRefusal } from '../core/sweeper/sender-lease.ts';
import { createBotTokenReader, type ParameterReader, type TelegramClient } from '../core/telegram/index.ts';
import { createTelegramClient } from '../adapters/telegram/index.ts';

/** A tick older than this is a retried or delayed EventBridge delivery: swept all the same (catch-up is the point), but logged. */
const STALE_TICK_MS = 2 * 60_000;

export interface SweeperRuntime {
  deps: SweepDeps;
  /** Stop claiming this long before the Lambda's time runs out. */
  safetyMarginMs: number;
  /** The Telegram client for each run (the bot token as now in SSM); `deps.telegram` throughout when absent. */
  telegramForRun?: () => Promise<TelegramClient>;
  /** Replies the agent kept for later (#12): sent after each sweep, for sessions that ended before they could. */
  outbox?: ReplyOutbox;
  /** The sender lease (one claiming run per bot, handed over at each window's end); without it every tick sweeps. */
  senderLease?: { leases: SenderLeaseStore; options?: LeasedSweepOptions };
}

/** What a tick returns: the sweep's summary, or why it left without sweeping (another run holds the lease). */
export type SweeperTickResult = Omit<SweepReport, 'rows'> | { leaseRefused: LeaseRefusal; heldBy?: string } | { idle: true };

export type { ParameterReader };

/**
 * Reads the bot token through `read` (Powertools `getParameter` by default, cached for `maxAgeSeconds`)
 * with the shared reader (core/telegram/bot-token-reader.ts): retried briefly, failing with a
 * ConfigError that names the parameter, never the value.
 */
export function botTokenReader(paramName: string, maxAgeSeconds: number, read: ParameterReader = (name, options) => getParameter(name, options)): () => Promise<string> {
  return createBotTokenReader({ parameterName: paramName, maxAgeSeconds, read });
}

/**
 * The Lambda handler over a deps factory, which runs once per container (on the first event, not at
 * import, so a cold start with bad config fails that invocation with a ConfigError naming the key).
 */
export function createSweeperHandler(build: () => Promise<SweeperRuntime>) {
  let runtime: Promise<SweeperRuntime> | undefined;
  return async (event: Pick<ScheduledEvent, 'time' | 'id'>, context: Pick<Context, 'getRemainingTimeInMillis'> & Partial<Pick<Context, 'awsRequestId'>>): Promise<SweeperTickResult> => {
    runtime ??= build().catch((error: unknown) => {
      runtime = undefined; // a failed build (SSM hiccup) is tried again on the next tick
      throw error;
    });
    const { deps: built, safetyMarginMs, telegramForRun, outbox, senderLease } = await runtime;
    // Per run, not per container: a rotated token takes effect within its cache age (see telegramForCurrentToken).
    const deps = telegramForRun ? { ...built, telegram: await telegramForRun() } : built;
    const now = deps.clock();
    const tickAt = Date.parse(event.time);
    if (Number.isFinite(tickAt) && now.getTime() - tickAt > STALE_TICK_MS) {
      deps.log.warn('stale sweeper tick: sweeping anyway', { eventId: event.id, eventTime: event.time, lateByMs: now.getTime() - tickAt });
    }
    const deadline = new Date(now.getTime() + context.getRemainingTimeInMillis() - safetyMarginMs);
    let report: SweepReport;
    if (senderLease) {
      const runId = `${event.time}#${context.awsRequestId ?? event.id}`;
      const result = await leasedSweep({ ...deps, leases: senderLease.leases, ...(outbox ? { outbox } : {}) }, { runId, tickAt: new Date(tickAt), budgetEnd: deadline }, senderLease.options);
      // Only the lease holder sends, kept replies included; an idle tick found none waiting.
      if (!result.ran) return 'idle' in result ? { idle: true } : { leaseRefused: result.refused, ...(result.heldBy ? { heldBy: result.heldBy } : {}) };
      report = result.report;
    } else {
      report = await sweep(deps, { deadline });
    }
    const { rows: _rows, ...summary } = report;
    if (outbox) {
      // After the sweep (which may end past `deadline` finishing its sends), within the first half of the
      // safety margin: the second half lets a reply already taken finish before the Lambda is cut off.
      const until = new Date(deadline.getTime() + safetyMarginMs / 2);
      await deliverAllKeptReplies({ outbox, telegram: deps.telegram, clock: deps.clock, log: deps.log }, { until }).catch((error: unknown) =>
        deps.log.error('kept replies could not be read; the next run tries again', { error: error instanceof Error ? error.name : String(error) }),
      );
    }
    return summary;
  };
}

/**
 * Production deps from the Lambda's environment: DynamoDB, the bot token from SSM (re-read each run
 * through the Parameters cache, `NUDGE_TOKEN_MAX_AGE_SECONDS`), AgentCore, EMF metrics. The first token
 * read happens here, so a missing parameter fails the first invocation with a ConfigError.
 */
export async function sweeperRuntimeFromEnv(env: Env, log: Log = createLog('nudge-sweeper'), seams: { readParameter?: ParameterReader } = {}): Promise<SweeperRuntime> {
  const config = readSweeperConfig(env);
  const telegramForRun = telegramForCurrentToken({
    readToken: botTokenReader(config.botTokenParam, config.tokenMaxAgeSeconds, seams.readParameter),
    build: (token) => createTelegramClient({ token, log, maxWaitMs: 20_000, ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}) }),
    log,
  });
  const telegram = await telegramForRun();
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  await guardDueShards(doc, config.tableName, config.dueShards);
  return {
    safetyMarginMs: config.safetyMarginMs,
    telegramForRun,
    outbox: new DynamoDbReplyOutbox({ client: doc, tableName: config.tableName, log }),
    senderLease: { leases: new DynamoDbSenderLeaseStore({ client: doc, tableName: config.tableName }), options: LEASED_SWEEP_DEFAULTS },
    deps: {
      store: new DynamoDbReminderStore({ client: doc, tableName: config.tableName, ...(config.dueShards ? { dueShards: config.dueShards } : {}), log }),
      telegram,
      relay: createAgentCoreRelay({
        client: new BedrockAgentCoreClient({}),
        runtimeArn: config.agentRuntimeArn,
        timeoutMs: config.agentTimeoutMs,
        ...(config.agentRuntimeQualifier ? { qualifier: config.agentRuntimeQualifier } : {}),
      }),
      clock: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      log,
      // After each run: the EMF metrics, and the `ADMIN / SWEEP` status item `nudge stats` reads.
      metrics: withSweepStatus(createEmfMetricsSink(new Metrics({ namespace: 'Nudge', serviceName: 'sweeper' })), (item) => new DynamoDbAdminTable(doc, config.tableName).putSweepStatus(item), log),
    },
  };
}

/** EventBridge `rate(1 minute)` target. */
export const handler = createSweeperHandler(() => sweeperRuntimeFromEnv(process.env));
