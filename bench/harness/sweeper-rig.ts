import { AgentRelayRejectedError, type AgentRelay } from '../../core/agent-relay/port.ts';
import { silentLog } from '../../core/log.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import type { SweepDeps } from '../../core/sweeper/index.ts';
import { type RateLimits, type TelegramClient } from '../../core/telegram/index.ts';
import { createTelegramClient } from '../../adapters/telegram/index.ts';
import { startTelegramStandIn, type StandInLimits, type TelegramStandIn } from '../../local/telegram-standin/index.ts';
import { startBenchDynamo, type BenchDynamo } from './dynamo.ts';

export const BENCH_TOKEN = '7000011:bench-token-not-a-real-one';

/** Telegram's limits switched off (the client's limiter opened wide): what the sweeper and the table can do. */
export const NO_TELEGRAM_LIMITS: RateLimits = { perBotPerSecond: 100_000, perPrivateChatPerSecond: 100_000, perGroupPerMinute: 1_000_000 };

export interface SweeperRig {
  dynamo: BenchDynamo;
  standIn: TelegramStandIn;
  stop(): Promise<void>;
}

/** dynalite (own process) and the Telegram stand-in (this process, real HTTP). */
export async function startSweeperRig(limits: StandInLimits = {}): Promise<SweeperRig> {
  const [dynamo, standIn] = await Promise.all([startBenchDynamo(), startTelegramStandIn({ token: BENCH_TOKEN, limits })]);
  return {
    dynamo,
    standIn,
    async stop() {
      await Promise.all([dynamo.stop(), standIn.stop()]);
    },
  };
}

export function benchStore(rig: SweeperRig, tableName: string): DynamoDbReminderStore {
  return new DynamoDbReminderStore({ client: rig.dynamo.doc, tableName });
}

export function benchTelegram(rig: SweeperRig, options: { limits?: Partial<RateLimits>; maxWaitMs?: number; fetch?: typeof fetch } = {}): TelegramClient {
  return createTelegramClient({
    token: BENCH_TOKEN,
    apiRoot: rig.standIn.apiRoot,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    maxWaitMs: options.maxWaitMs ?? 25_000,
  });
}

/** The benchmarks schedule plain messages only; a scheduled action reaching the relay is a set-up mistake. */
const refusingRelay: AgentRelay = {
  invoke: () => Promise.reject(new AgentRelayRejectedError('the benchmarks schedule no actions')),
};

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function sweepDeps(parts: { store: DynamoDbReminderStore; telegram: TelegramClient; clock?: () => Date }): SweepDeps {
  return { store: parts.store, telegram: parts.telegram, relay: refusingRelay, clock: parts.clock ?? (() => new Date()), sleep: realSleep, log: silentLog };
}
