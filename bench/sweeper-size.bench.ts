import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TELEGRAM_RATE_LIMITS } from '../core/telegram/index.ts';
import { SWEEPER_MEMORY_MB, SWEEPER_TIMEOUT_SECONDS } from '../infra/function-sizes.ts';
import { DEFAULT_ENTRIES } from '../infra/repo-paths.ts';
import { startFakeSsm, type FakeSsm } from '../test/support/fake-ssm.ts';
import type { ScenarioContext } from './run.ts';
import { deliveriesAt } from './harness/deliveries.ts';
import { batchPut } from './harness/dynamo.ts';
import { buildLambdaForBench, type BuiltLambda } from './harness/lambda-bundle.ts';
import { startTickChild } from './harness/lambda-tick.ts';
import type { PhaseFigures, TickChildReport } from './harness/lambda-tick-child.ts';
import type { ScenarioOutput } from './harness/results.ts';
import { reminderRows } from './harness/seed.ts';
import { distribution, ratio, round } from './harness/stats.ts';
import { BENCH_TOKEN, startSweeperRig, type SweeperRig } from './harness/sweeper-rig.ts';

/**
 * Sweeper size: the sweeper as Lambda runs it — handlers/sweeper.ts bundled with the deploy's own
 * esbuild options (infra/lambda-bundling.ts), imported by a plain `node` process that invokes
 * `handler(event, context)` for one scheduled tick, with the heap limits Lambda's runtime sets for the
 * memory tried — against dynalite, a local SSM (the bot token) and the Telegram stand-in (real HTTP,
 * Telegram's 30 msg/s and 1 msg/s per chat enforced). Measured in that process: peak RSS and heap,
 * CPU time per delivered reminder, the busiest second's CPU share, wall time; and at the stand-in:
 * lag, duplicates, lost. These figures size the sweeper's memory (infra/function-sizes.ts).
 */
export const name = 'sweeper-size';
export const order = 32;

const HOUR_MS = 60 * 60 * 1000;
/** Lambda gives one full vCPU at 1,769 MB and CPU in proportion below it. */
const MB_PER_VCPU = 1_769;
const CANDIDATES_MB = [128, 192, 256];
const TOKEN_PARAM = '/nudge/bench/bot-token';

type Case =
  | { kind: 'minute'; count: number; spreadS: number }
  | { kind: 'burst'; count: number }
  | { kind: 'backlog'; count: number; perChat: number };

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  // Under the heap limits of the smallest candidate (the most collector work) and, for the timed cases, of 256 MB.
  // Quick (CI smoke run): one measured tick per container, small enough to stay near 20 s.
  const ticks: Tick[] = quick ? ['first'] : ['first', 'warm'];
  const runs: Array<{ spec: Case; memoryMb: number }> = quick
    ? [
        { spec: { kind: 'minute', count: 6, spreadS: 3 }, memoryMb: 128 },
        { spec: { kind: 'burst', count: 30 }, memoryMb: 128 },
        { spec: { kind: 'backlog', count: 60, perChat: 2 }, memoryMb: 128 },
      ]
    : [
        { spec: { kind: 'minute', count: 30, spreadS: 20 }, memoryMb: 128 },
        { spec: { kind: 'burst', count: 300 }, memoryMb: 128 },
        { spec: { kind: 'minute', count: 30, spreadS: 20 }, memoryMb: 256 },
        { spec: { kind: 'burst', count: 300 }, memoryMb: 256 },
        { spec: { kind: 'backlog', count: 2_000, perChat: 10 }, memoryMb: 128 },
        { spec: { kind: 'backlog', count: 100_000, perChat: 10 }, memoryMb: 128 },
      ];
  const dir = await mkdtemp(join(tmpdir(), 'nudge-sweeper-size-'));
  const [built, rig, ssm] = await Promise.all([
    buildLambdaForBench(DEFAULT_ENTRIES.sweeper, dir),
    startSweeperRig({ perBotPerSecond: TELEGRAM_RATE_LIMITS.perBotPerSecond, perChatPerSecond: TELEGRAM_RATE_LIMITS.perPrivateChatPerSecond }),
    startFakeSsm({ [TOKEN_PARAM]: { value: BENCH_TOKEN, type: 'SecureString' } }),
  ]);
  try {
    const rows: Array<Record<string, unknown>> = [];
    for (const { spec, memoryMb } of runs) rows.push(...(await oneContainer({ rig, ssm, built, spec, memoryMb, ticks })));
    return {
      parameters: {
        runs,
        bundle: { file: 'handlers/sweeper.ts → index.mjs (infra/lambda-bundling.ts)', bytes: built.bundleBytes, buildMs: built.buildMs },
        runtime: `node ${process.version} (Lambda runs nodejs22.x), heap flags as Lambda's bootstrap sets them per memory, NODE_OPTIONS=--enable-source-maps as deployed`,
        functionTimeoutSeconds: SWEEPER_TIMEOUT_SECONDS,
        deployedMemoryMb: SWEEPER_MEMORY_MB,
        telegramLimits: { perBotPerSecond: TELEGRAM_RATE_LIMITS.perBotPerSecond, perChatPerSecond: TELEGRAM_RATE_LIMITS.perPrivateChatPerSecond, enforcedBy: 'stand-in (429) and client limiter' },
        cpuShare: `Lambda gives memory/${MB_PER_VCPU} of a vCPU; sendsPerSecondAt<M> = that share's CPU ms per second / cpuMsPerDelivered (the CPU of this machine's core, not Graviton's)`,
      },
      rows,
    };
  } finally {
    await Promise.all([rig.stop(), ssm.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
}

interface TickRun {
  rig: SweeperRig;
  ssm: FakeSsm;
  built: BuiltLambda;
  spec: Case;
  memoryMb: number;
  ticks: Tick[];
}

/** The first tick after a cold start, or one in a container that has already ticked (warm). */
type Tick = 'first' | 'warm';

/**
 * One container: a cold invocation on an empty window, then two measured ticks — the first after the
 * cold start, and a second in the same process, as a warm Lambda runs every minute (JIT-compiled code,
 * pools and sockets in place). Rows are seeded after the invocation before each tick, so each tick
 * finds exactly its case; a 100k backlog is seeded once and the second tick carries on with it.
 */
async function oneContainer({ rig, ssm, built, spec, memoryMb, ticks }: TickRun): Promise<Array<Record<string, unknown>>> {
  const tableName = await rig.dynamo.newTable('size');
  const child = startTickChild(
    built,
    { bundle: built.bundle, timeoutMs: SWEEPER_TIMEOUT_SECONDS * 1000, memoryMb },
    { tableName, dynamoEndpoint: rig.dynamo.endpoint, ssmEndpoint: ssm.endpoint, tokenParameter: TOKEN_PARAM, telegramApiRoot: rig.standIn.apiRoot },
    profileFlags(),
  );
  try {
    const cold = await child.warm;
    const rows: Array<Record<string, unknown>> = [];
    let seeded: Seeded | undefined;
    for (const tick of ticks) {
      const reseed = !(spec.kind === 'backlog' && spec.count > 10_000 && seeded);
      if (reseed || !seeded) seeded = await seed(rig, tableName, spec);
      const deliveredBefore = deliveriesAt(rig.standIn, seeded.marker).first.size;
      const logBytesBefore = child.stdoutBytes();
      const { report } = await child.tick(new Date().toISOString());
      rows.push(figures({ rig, spec, memoryMb, tick, seeded, deliveredBefore, report, cold, logBytes: child.stdoutBytes() - logBytesBefore }));
    }
    return rows;
  } finally {
    await child.stop();
  }
}

interface Seeded {
  marker: string;
  dueAt: (i: number) => Date;
  seedSeconds: number;
}

async function seed(rig: SweeperRig, tableName: string, spec: Case): Promise<Seeded> {
  const marker = `sz${randomUUID().slice(0, 4)}`;
  const now = Date.now();
  const firstSecond = Math.ceil((now + 3_000) / 1000) * 1000;
  const dueAt = dueTimes(spec, now, firstSecond);
  // One chat per reminder (Telegram's 1 msg/s per chat stays out of the way); a backlog's chats have several.
  const chats = spec.kind === 'backlog' ? Math.max(1, Math.floor(spec.count / spec.perChat)) : spec.count;
  const started = performance.now();
  await batchPut(rig.dynamo.seedDoc, tableName, reminderRows({ count: spec.count, chats, firstChat: 70_000_000 + spec.count, marker, dueAt, createdAt: new Date(now - 2 * HOUR_MS) }), 8);
  return { marker, dueAt, seedSeconds: (performance.now() - started) / 1000 };
}

interface TickFigures {
  rig: SweeperRig;
  spec: Case;
  memoryMb: number;
  tick: Tick;
  seeded: Seeded;
  deliveredBefore: number;
  report: TickChildReport;
  cold: PhaseFigures;
  logBytes: number;
}

function figures({ rig, spec, memoryMb, tick, seeded, deliveredBefore, report, cold, logBytes }: TickFigures): Record<string, unknown> {
  const { first, duplicates } = deliveriesAt(rig.standIn, seeded.marker);
  const all = [...first.values()];
  const delivered = all.length - deliveredBefore;
  const lags = all.map((d) => d.receivedAt - seeded.dueAt(d.index).getTime());
  const lag = distribution(lags);
  const cpuPerDelivery = delivered > 0 ? report.tick.cpuMs / delivered : null;
  const arrivals = all.map((d) => d.receivedAt).sort((a, b) => a - b).slice(deliveredBefore);
  const sendSeconds = arrivals.length > 1 ? (arrivals.at(-1)! - arrivals[0]!) / 1000 : null;
  const timed = spec.kind !== 'backlog';
  return {
    case: spec.kind,
    reminders: spec.count,
    memoryMb,
    tick,
    seedSeconds: round(seeded.seedSeconds, 1),
    delivered,
    duplicates,
    // A minute or a burst is all due inside the tick's window: anything undelivered is lost to it.
    lost: timed ? spec.count - delivered : null,
    leftForNextTick: timed ? null : spec.count - all.length,
    lagP50Ms: timed ? lag.p50 : null,
    lagP99Ms: timed ? lag.p99 : null,
    lagMaxMs: timed ? lag.max : null,
    sentPerSecond: sendSeconds ? round((arrivals.length - 1) / sendSeconds, 1) : null,
    tickWallS: round(report.tick.wallMs / 1000, 1),
    tickCpuMs: report.tick.cpuMs,
    tickSystemCpuMs: report.tick.systemCpuMs,
    cpuMsPerDelivered: round(cpuPerDelivery, 2),
    busiestSecondCpuShare: report.busiestSecondCpuShare,
    ...Object.fromEntries(CANDIDATES_MB.map((mb) => [`sendsPerSecondAt${mb}`, cpuPerDelivery ? Math.round((1000 * mb) / MB_PER_VCPU / cpuPerDelivery) : null])),
    initMs: report.init.wallMs,
    initCpuMs: report.init.cpuMs,
    coldInvokeMs: cold.wallMs,
    coldInvokeCpuMs: cold.cpuMs,
    rssAtStartMb: report.rssAtStartMb,
    rssAfterInitMb: report.init.rssAfterMb,
    rssAfterColdMb: cold.rssAfterMb,
    rssAfterTickMb: report.tick.rssAfterMb,
    peakRssMb: report.lifetimePeakRssMb,
    peakHeapUsedMb: report.peakHeapUsedMb,
    peakHeapAfterGcMb: report.peakHeapAfterGcMb,
    maxEventLoopStallMs: report.maxEventLoopStallMs,
    logBytesPerDelivered: ratio(logBytes, delivered, 0),
    stoppedBy: (report.tick.result as { stoppedBy?: string } | undefined)?.stoppedBy ?? JSON.stringify(report.tick.result),
  };
}

/** When reminder i is due: random whole seconds over the next `spreadS` (a minute), one second (a burst), or the past hour (a backlog). */
function dueTimes(spec: Case, now: number, firstSecond: number): (i: number) => Date {
  if (spec.kind === 'burst') return () => new Date(firstSecond);
  if (spec.kind === 'backlog') return (i) => new Date(now - HOUR_MS + Math.floor((i / spec.count) * (HOUR_MS - 60_000)));
  const seconds = Array.from({ length: spec.count }, () => Math.floor(Math.random() * spec.spreadS));
  return (i) => new Date(firstSecond + seconds[i]! * 1000);
}

/** `BENCH_CPU_PROFILE=<dir>` writes a V8 CPU profile of each sweeper process there (where its CPU goes). */
function profileFlags(env: Record<string, string | undefined> = process.env): string[] {
  const dir = env.BENCH_CPU_PROFILE?.trim();
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
