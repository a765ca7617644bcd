import { randomUUID } from 'node:crypto';
import { sweep } from '../core/sweeper/index.ts';
import { TELEGRAM_RATE_LIMITS } from '../core/telegram/index.ts';
import type { ScenarioContext } from './run.ts';
import { deliveriesAt } from './harness/deliveries.ts';
import { batchPut } from './harness/dynamo.ts';
import { watchProcess } from './harness/process-watch.ts';
import type { ScenarioOutput } from './harness/results.ts';
import { reminderRows } from './harness/seed.ts';
import { percentile, ratio, round } from './harness/stats.ts';
import { benchStore, benchTelegram, startSweeperRig, sweepDeps, type SweeperRig } from './harness/sweeper-rig.ts';

/**
 * Backlog: N reminders already overdue (the sweeper was down for an hour) over many chats, with
 * Telegram's real limits — enforced by the stand-in (30 msg/s per bot, 1 msg/s per chat, answering 429
 * beyond) and kept by the client — and one run with a Lambda-like claim deadline. Not everything can
 * be delivered in one run (30/s × 90 s = 2,700 at most); the questions are what a run costs per
 * delivered reminder, how much memory it needs, whether the event loop stalls, and whether chats are
 * served fairly (the spread of lag across chats).
 */
export const name = 'backlog';
export const order = 30;

const HOUR_MS = 60 * 60 * 1000;
const REMINDERS_PER_CHAT = 10;

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const claimBudgetMs = quick ? 5_000 : 90_000;
  const rig = await startSweeperRig({ perBotPerSecond: TELEGRAM_RATE_LIMITS.perBotPerSecond, perChatPerSecond: TELEGRAM_RATE_LIMITS.perPrivateChatPerSecond });
  try {
    const rows: Array<Record<string, unknown>> = [];
    for (const backlog of sizes) rows.push(await oneBacklog(rig, backlog, claimBudgetMs));
    return {
      parameters: {
        sizes,
        remindersPerChat: REMINDERS_PER_CHAT,
        claimBudgetMs,
        overdueBy: 'spread over the past hour',
        telegramLimits: { perBotPerSecond: TELEGRAM_RATE_LIMITS.perBotPerSecond, perChatPerSecond: TELEGRAM_RATE_LIMITS.perPrivateChatPerSecond, enforcedBy: 'stand-in (429) and client limiter' },
        memory: 'this process: sweeper + Telegram stand-in; dynalite runs in a child process',
      },
      rows,
    };
  } finally {
    await rig.stop();
  }
}

async function oneBacklog(rig: SweeperRig, backlog: number, claimBudgetMs: number): Promise<Record<string, unknown>> {
  const chats = Math.max(1, Math.floor(backlog / REMINDERS_PER_CHAT));
  const marker = `bl${randomUUID().slice(0, 4)}`;
  const tableName = await rig.dynamo.newTable('backlog');
  const now = Date.now();
  const dueAt = (i: number) => new Date(now - HOUR_MS + Math.floor((i / backlog) * (HOUR_MS - 60_000)));
  const seedStarted = performance.now();
  await batchPut(rig.dynamo.seedDoc, tableName, reminderRows({ count: backlog, chats, firstChat: 50_000_000 + backlog, marker, dueAt, createdAt: new Date(now - 2 * HOUR_MS) }), 8);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  // 429s the stand-in answered: counted at the client's fetch.
  let tooManyRequests = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 429) tooManyRequests++;
    return response;
  };
  const deps = sweepDeps({ store: benchStore(rig, tableName), telegram: benchTelegram(rig, { fetch: countingFetch }) });
  global.gc?.();
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  rig.dynamo.meter.reset();
  const watch = watchProcess();
  const started = performance.now();
  const report = await sweep(deps, { deadline: new Date(Date.now() + claimBudgetMs) });
  const seconds = (performance.now() - started) / 1000;
  const figures = watch.stop();
  const usage = rig.dynamo.meter.snapshot();

  const { first, duplicates } = deliveriesAt(rig.standIn, marker);
  const lagsByChat = new Map<number, number[]>();
  const lags: number[] = [];
  for (const delivery of first.values()) {
    const lag = delivery.receivedAt - dueAt(delivery.index).getTime();
    lags.push(lag);
    const list = lagsByChat.get(delivery.chatId) ?? [];
    list.push(lag);
    lagsByChat.set(delivery.chatId, list);
  }
  const chatMeans = [...lagsByChat.values()].map((list) => list.reduce((a, b) => a + b, 0) / list.length);
  const perChat = [...lagsByChat.values()].map((list) => list.length);
  const delivered = first.size;
  const p95 = percentile(chatMeans, 95);
  const p5 = percentile(chatMeans, 5);
  return {
    backlog,
    chats,
    seedSeconds: round(seedSeconds, 0),
    runSeconds: round(seconds, 1),
    delivered,
    deliveredPerSecond: round(delivered / seconds, 1),
    duplicates,
    stoppedBy: report.stoppedBy,
    findDueCalls: report.queries,
    queryRequests: usage.byCommand.QueryCommand ?? 0,
    dynamoRequests: usage.requests,
    itemsRead: usage.itemsRead,
    itemsReadPerDelivered: ratio(usage.itemsRead, delivered, 1),
    requestsPerDelivered: ratio(usage.requests, delivered, 2),
    readUnitsPerDelivered: ratio(usage.billedReadUnits, delivered, 2),
    writeUnitsPerDelivered: ratio(usage.writeUnits, delivered, 2),
    telegram429s: tooManyRequests,
    retried: report.retried,
    rssBeforeMb,
    peakRssMb: figures.peakRssMb,
    peakHeapUsedMb: figures.peakHeapUsedMb,
    maxEventLoopStallMs: figures.maxEventLoopStallMs,
    chatsServed: lagsByChat.size,
    maxDeliveredPerChat: perChat.length ? Math.max(...perChat) : 0,
    lagP50S: round((percentile(lags, 50) ?? NaN) / 1000, 0),
    lagMaxS: round((lags.length ? Math.max(...lags) : NaN) / 1000, 0),
    /** p95 − p5 of each served chat's mean lag: how differently chats are treated. */
    chatLagSpreadS: p95 === null || p5 === null ? null : round((p95 - p5) / 1000, 0),
  };
}
