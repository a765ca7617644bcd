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
import { lambdaCpuShare, MB_PER_VCPU, type CpuShare } from './harness/lambda-cpu-share.ts';
import type { ScenarioOutput } from './harness/results.ts';
import { reminderRows } from './harness/seed.ts';
import { distribution, ratio, round } from './harness/stats.ts';
import { BENCH_TOKEN, startSweeperRig, type SweeperRig } from './harness/sweeper-rig.ts';

/**
 * Sweeper size: the sweeper as Lambda runs it — handlers/sweeper.ts bundled with the deploy's own
 * esbuild options (infra/lambda-bundling.ts), imported by a plain `node` process that invokes
 * `handler(event, context)` per scheduled tick, with the heap limits Lambda's runtime sets for the
 * memory tried — against dynalite, a local SSM (the bot token) and the Telegram stand-in (real HTTP,
 * Telegram's 30 msg/s and 1 msg/s per chat enforced). Measured in that process: peak RSS and heap,
 * CPU time per delivered reminder, the busiest second's CPU share, wall time; at the stand-in: lag,
 * duplicates, lost. Where the machine allows (a writable cgroup v1 CPU controller), containers also run
 * capped at the CPU share Lambda gives each candidate memory, which shows the sends per second and lag
 * that share allows. These figures size the sweeper's memory (infra/function-sizes.ts).
 */
export const name = 'sweeper-size';
export const order = 32;

const HOUR_MS = 60 * 60 * 1000;
const CANDIDATES_MB = [128, 192, 256];
const TOKEN_PARAM = '/nudge/bench/bot-token';

type Case =
  | { kind: 'minute'; count: number; spreadS: number }
  | { kind: 'burst'; count: number }
  | { kind: 'backlog'; count: number; perChat: number }
  /** Nothing due: what every minute without a reminder costs at the deployed size (the cost model's idle month). */
  | { kind: 'idle'; count: 0 };

/** The first tick after a cold start, or one in a container that has already ticked (warm). */
type Tick = 'first' | 'warm';

/** One container (process): a cold invocation, then one measured tick per case, in order. */
interface ContainerRun {
  /** Heap flags as Lambda's runtime sets them for this memory. */
  memoryMb: number;
  /** Also capped at this memory's CPU share (when the machine allows it). */
  cpuCapped: boolean;
  cases: Case[];
}

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  const minute: Case = quick ? { kind: 'minute', count: 6, spreadS: 3 } : { kind: 'minute', count: 30, spreadS: 20 };
  const burst: Case = quick ? { kind: 'burst', count: 20 } : { kind: 'burst', count: 300 };
  const backlog: Case = quick ? { kind: 'backlog', count: 60, perChat: 2 } : { kind: 'backlog', count: 2_000, perChat: 10 };
  const idle: Case = { kind: 'idle', count: 0 };
  // Uncapped, under the smallest candidate's heap limits (the most collector work): the CPU each delivery
  // costs and the memory it takes, on a first tick and a warm one. Capped: an ordinary minute, then a
  // burst in the same container, at each candidate's CPU share and the deployed size's.
  // Quick (CI smoke run): one tick per container and one capped size, near 20 s in all.
  const runs: ContainerRun[] = quick
    ? [
        { memoryMb: 128, cpuCapped: false, cases: [minute] },
        { memoryMb: 128, cpuCapped: false, cases: [burst] },
        { memoryMb: 128, cpuCapped: false, cases: [backlog] },
        { memoryMb: 256, cpuCapped: true, cases: [burst] },
        { memoryMb: SWEEPER_MEMORY_MB, cpuCapped: true, cases: [idle, idle] },
      ]
    : [
        { memoryMb: 128, cpuCapped: false, cases: [minute, minute] },
        { memoryMb: 128, cpuCapped: false, cases: [burst, burst] },
        { memoryMb: 128, cpuCapped: false, cases: [backlog, backlog] },
        { memoryMb: 128, cpuCapped: false, cases: [{ kind: 'backlog', count: 100_000, perChat: 10 }] },
        ...[...CANDIDATES_MB, 512].map((memoryMb) => ({ memoryMb, cpuCapped: true, cases: [minute, burst] })),
        { memoryMb: SWEEPER_MEMORY_MB, cpuCapped: true, cases: [idle, idle, idle] },
      ];
  const dir = await mkdtemp(join(tmpdir(), 'nudge-sweeper-size-'));
  const [built, rig, ssm] = await Promise.all([
    buildLambdaForBench(DEFAULT_ENTRIES.sweeper, dir),
    startSweeperRig({ perBotPerSecond: TELEGRAM_RATE_LIMITS.perBotPerSecond, perChatPerSecond: TELEGRAM_RATE_LIMITS.perPrivateChatPerSecond }),
    startFakeSsm({ [TOKEN_PARAM]: { value: BENCH_TOKEN, type: 'SecureString' } }),
  ]);
  let cpuCapAvailable = true;
  try {
    const rows: Array<Record<string, unknown>> = [];
    for (const container of runs) {
      const cap = container.cpuCapped ? lambdaCpuShare(container.memoryMb) : undefined;
      if (container.cpuCapped && !cap) {
        cpuCapAvailable = false;
        continue;
      }
      try {
        rows.push(...(await oneContainer({ rig, ssm, built, container, cap })));
      } finally {
        cap?.remove();
      }
    }
    return {
      parameters: {
        runs,
        bundle: { file: 'handlers/sweeper.ts → index.mjs (infra/lambda-bundling.ts)', bytes: built.bundleBytes, buildMs: built.buildMs },
        runtime: `node ${process.version} (Lambda runs nodejs22.x), heap flags as Lambda's bootstrap sets them per memory, NODE_OPTIONS=--enable-source-maps as deployed`,
        functionTimeoutSeconds: SWEEPER_TIMEOUT_SECONDS,
        deployedMemoryMb: SWEEPER_MEMORY_MB,
        telegramLimits: { perBotPerSecond: TELEGRAM_RATE_LIMITS.perBotPerSecond, perChatPerSecond: TELEGRAM_RATE_LIMITS.perPrivateChatPerSecond, enforcedBy: 'stand-in (429) and client limiter' },
        cpuShare: `Lambda gives memory/${MB_PER_VCPU} of a vCPU. Capped rows: a CFS quota of that share of one of this machine's cores per 100 ms (not Graviton, not Lambda's own period)${cpuCapAvailable ? '' : ' — NOT RUN: no writable cgroup CPU controller here'}. sendsPerSecondAt<M> = that share's CPU ms per second / cpuMsPerDelivered`,
      },
      rows,
    };
  } finally {
    await Promise.all([rig.stop(), ssm.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
}

interface ContainerParts {
  rig: SweeperRig;
  ssm: FakeSsm;
  built: BuiltLambda;
  container: ContainerRun;
  cap: CpuShare | undefined;
}

/**
 * One container: a cold invocation on an empty window, then one measured tick per case in the same
 * process, as a warm Lambda runs every minute (JIT-compiled code, pools and sockets in place). Rows are
 * seeded after the previous invocation and before each tick, so each tick finds exactly its case.
 */
async function oneContainer({ rig, ssm, built, container, cap }: ContainerParts): Promise<Array<Record<string, unknown>>> {
  const tableName = await rig.dynamo.newTable('size');
  const child = startTickChild(
    built,
    { bundle: built.bundle, timeoutMs: SWEEPER_TIMEOUT_SECONDS * 1000, memoryMb: container.memoryMb },
    { tableName, dynamoEndpoint: rig.dynamo.endpoint, ssmEndpoint: ssm.endpoint, tokenParameter: TOKEN_PARAM, telegramApiRoot: rig.standIn.apiRoot },
    profileFlags(),
  );
  try {
    cap?.add(child.pid);
    const cold = await child.warm;
    const rows: Array<Record<string, unknown>> = [];
    for (const [index, spec] of container.cases.entries()) {
      const seeded = await seed(rig, tableName, spec);
      const logBytesBefore = child.stdoutBytes();
      const { report } = await child.tick(new Date().toISOString());
      const tick: Tick = index === 0 ? 'first' : 'warm';
      rows.push(figures({ rig, spec, container, tick, seeded, report, cold, logBytes: child.stdoutBytes() - logBytesBefore }));
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
  container: ContainerRun;
  tick: Tick;
  seeded: Seeded;
  report: TickChildReport;
  cold: PhaseFigures;
  logBytes: number;
}

function figures({ rig, spec, container, tick, seeded, report, cold, logBytes }: TickFigures): Record<string, unknown> {
  const { first, duplicates } = deliveriesAt(rig.standIn, seeded.marker);
  const all = [...first.values()];
  const delivered = all.length;
  const lags = all.map((d) => d.receivedAt - seeded.dueAt(d.index).getTime());
  const lag = distribution(lags);
  const cpuPerDelivery = delivered > 0 ? report.tick.cpuMs / delivered : null;
  const arrivals = all.map((d) => d.receivedAt);
  const sendSeconds = arrivals.length > 1 ? (Math.max(...arrivals) - Math.min(...arrivals)) / 1000 : null;
  const timed = spec.kind === 'minute' || spec.kind === 'burst';
  return {
    case: spec.kind,
    reminders: spec.count,
    memoryMb: container.memoryMb,
    cpuCap: container.cpuCapped ? round(container.memoryMb / MB_PER_VCPU, 3) : null,
    tick,
    seedSeconds: round(seeded.seedSeconds, 1),
    delivered,
    duplicates,
    // A minute or a burst is all due inside the tick's window: anything undelivered is lost to it.
    lost: timed ? spec.count - delivered : null,
    leftForNextTick: spec.kind === 'backlog' ? spec.count - all.length : null,
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
  if (spec.kind === 'backlog') return (i) => new Date(now - HOUR_MS + Math.floor((i / spec.count) * (HOUR_MS - 60_000)));
  // A burst (an idle tick seeds nothing).
  if (spec.kind !== 'minute') return () => new Date(firstSecond);
  const seconds = Array.from({ length: spec.count }, () => Math.floor(Math.random() * spec.spreadS));
  return (i) => new Date(firstSecond + seconds[i]! * 1000);
}

/** `BENCH_CPU_PROFILE=<dir>` writes a V8 CPU profile of each sweeper process there (where its CPU goes). */
function profileFlags(env: Record<string, string | undefined> = process.env): string[] {
  const dir = env.BENCH_CPU_PROFILE?.trim();
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
