import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TELEGRAM_RATE_LIMITS } from '../core/telegram/index.ts';
import type { ScenarioContext } from './run.ts';
import { deliveriesAt } from './harness/deliveries.ts';
import type { SweepChildInput, SweepChildOutput } from './harness/backlog-sweep-child.ts';
import { batchPut } from './harness/dynamo.ts';
import { BENCH_DIR, type ScenarioOutput } from './harness/results.ts';
import { reminderRows } from './harness/seed.ts';
import { percentile, ratio, round } from './harness/stats.ts';
import { startSweeperRig, type SweeperRig } from './harness/sweeper-rig.ts';

/**
 * Backlog: N reminders already overdue (the sweeper was down for an hour) over many chats, with
 * Telegram's real limits — enforced by the stand-in (30 msg/s per bot, 1 msg/s per chat, answering 429
 * beyond) and kept by the client — and one run with a Lambda-like claim deadline. Not everything can
 * be delivered in one run (30/s × 90 s = 2,700 at most); the questions are what a run costs per
 * delivered reminder, how much memory it needs, whether the event loop stalls, and whether chats are
 * served fairly (the spread of lag across chats).
 *
 * The sweep runs in a process of its own, as on Lambda (see harness/backlog-sweep-child.ts): rows are
 * seeded by this process and the stand-in answers here, so neither the 100k seeded rows nor the
 * stand-in's work show up in the sweep's memory or event-loop figures.
 */
export const name = 'backlog';
export const order = 30;

const HOUR_MS = 60 * 60 * 1000;
const REMINDERS_PER_CHAT = 10;

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  // Quick (CI smoke run): small enough to seed in a second or two; the figures are not the point there.
  const sizes = quick ? [500, 2_000] : [1_000, 10_000, 100_000];
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
        memory: 'the sweep process alone (sweeper, its DynamoDB and Telegram clients); seeding and the Telegram stand-in run in the parent, dynalite in a third process',
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

  // The sweep runs in a process of its own (as on Lambda), so its memory and stalls are measured alone.
  const rejectedBefore = rig.standIn.floodRejections();
  const run = await runSweepChild({ endpoint: rig.dynamo.endpoint, tableName, apiRoot: rig.standIn.apiRoot, claimBudgetMs });
  const usage = run.usage;
  const rejected = rig.standIn.floodRejections();

  const { first, duplicates } = deliveriesAt(rig.standIn, marker);
  const lagsByChat = new Map<number, number[]>();
  const lags: number[] = [];
  const arrivals: number[] = [];
  for (const delivery of first.values()) {
    const lag = delivery.receivedAt - dueAt(delivery.index).getTime();
    lags.push(lag);
    arrivals.push(delivery.receivedAt);
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
    runSeconds: round(run.runSeconds, 1),
    delivered,
    deliveredPerSecond: round(delivered / run.runSeconds, 1),
    /** The rate while the queue was full: from the first to the last arrival. */
    sustainedPerSecond: arrivals.length > 1 ? round((arrivals.length - 1) / ((Math.max(...arrivals) - Math.min(...arrivals)) / 1000), 1) : null,
    /** The most deliveries the stand-in received in any sliding 1,000 ms (Telegram's limit: 30). */
    maxInAnySecond: busiestSecond(arrivals),
    duplicates,
    stoppedBy: run.stoppedBy,
    findDueCalls: run.findDueCalls,
    queryRequests: usage.byCommand.QueryCommand ?? 0,
    dynamoRequests: usage.requests,
    itemsRead: usage.itemsRead,
    itemsReadPerDelivered: ratio(usage.itemsRead, delivered, 1),
    requestsPerDelivered: ratio(usage.requests, delivered, 2),
    readUnitsPerDelivered: ratio(usage.billedReadUnits, delivered, 2),
    writeUnitsPerDelivered: ratio(usage.writeUnits, delivered, 2),
    telegram429s: run.telegram429s,
    /** Of those, at the bot-wide limit (arrival jitter against the 30/s window) and at a chat's 1/s. */
    telegram429sBotWide: rejected.bot - rejectedBefore.bot,
    telegram429sPerChat: rejected.chat - rejectedBefore.chat,
    retried: run.retried,
    rssBeforeMb: run.rssBeforeMb,
    peakRssMb: run.peakRssMb,
    heapUsedBeforeMb: run.heapUsedBeforeMb,
    peakHeapUsedMb: run.peakHeapUsedMb,
    peakHeapAfterGcMb: run.peakHeapAfterGcMb,
    maxEventLoopStallMs: run.maxEventLoopStallMs,
    warmUpMs: run.warmUpMs,
    eventLoopDelayP99Ms: run.eventLoopDelayP99Ms,
    chatsServed: lagsByChat.size,
    maxDeliveredPerChat: perChat.length ? Math.max(...perChat) : 0,
    lagP50S: round((percentile(lags, 50) ?? NaN) / 1000, 0),
    lagMaxS: round((lags.length ? Math.max(...lags) : NaN) / 1000, 0),
    /** p95 − p5 of each served chat's mean lag: how differently chats are treated. */
    chatLagSpreadS: p95 === null || p5 === null ? null : round((p95 - p5) / 1000, 0),
  };
}

/** The most of `times` (ms) within any window of 1,000 ms. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + 1000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

/** `BENCH_CPU_PROFILE=<dir>` writes a V8 CPU profile of each sweep process there (to find what blocks the event loop). */
function profileFlags(env: Record<string, string | undefined> = process.env): string[] {
  const dir = env.BENCH_CPU_PROFILE?.trim();
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Runs backlog-sweep-child.ts with `--expose-gc` and returns what it printed. */
async function runSweepChild(input: SweepChildInput): Promise<SweepChildOutput> {
  const child = spawn(process.execPath, ['--expose-gc', ...profileFlags(), '--import', 'tsx', join(BENCH_DIR, 'harness', 'backlog-sweep-child.ts'), JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const line = stdout.trim().split('\n').at(-1);
  if (code !== 0 || !line) throw new Error(`the sweep process exited with ${code} and printed no figures`);
  return JSON.parse(line) as SweepChildOutput;
}
