import { randomUUID } from 'node:crypto';
import { ReminderAlreadyClaimedError, type DynamoDbReminderStore } from '../core/store/index.ts';
import { sweep, type SweepReport } from '../core/sweeper/index.ts';
import type { ScenarioContext } from './run.ts';
import { deliveriesAt } from './harness/deliveries.ts';
import { batchPut } from './harness/dynamo.ts';
import type { DynamoUsage } from './harness/dynamo-meter.ts';
import { watchProcess } from './harness/process-watch.ts';
import type { ScenarioOutput } from './harness/results.ts';
import { reminderRows } from './harness/seed.ts';
import { ratio, round } from './harness/stats.ts';
import { benchStore, benchTelegram, NO_TELEGRAM_LIMITS, startSweeperRig, sweepDeps, type SweeperRig } from './harness/sweeper-rig.ts';

/**
 * Throughput: N reminders due at the same second, Telegram's limits off, so the figure is what the
 * sweeper and the table can do. The engine (`sweep`, 1 and 3 racing sweepers, each with its own
 * Telegram client as separate Lambdas would have) is run beside the raw store operation — find due,
 * claim, complete, nothing sent — on the same backend in the same run: engine/raw is the engine's
 * own overhead (planning, the send over HTTP, bookkeeping), independent of how fast the machine is.
 */
export const name = 'throughput';
export const order = 20;

const CONCURRENCY = 16; // the sweeper's default, so raw and engine have the same requests in flight
const LEASE_MS = 5 * 60_000;

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  const count = quick ? 400 : 20_000;
  const chats = Math.min(count, 2_000);
  const rig = await startSweeperRig();
  try {
    const raw = await rawClaimAndSettle(rig, count, chats);
    const one = await engine(rig, count, chats, 1);
    const three = await engine(rig, count, chats, 3);
    for (const row of [one, three]) row.engineOverRaw = ratio(Number(row.deliveredPerSecond), Number(raw.deliveredPerSecond), 2);
    return { parameters: { reminders: count, chats, concurrencyPerSweeper: CONCURRENCY, telegramLimits: 'off', dueAt: 'all at the same second, 1 s before the run' }, rows: [raw, one, three] };
  } finally {
    await rig.stop();
  }
}

async function seed(rig: SweeperRig, count: number, chats: number, marker: string, firstChat: number): Promise<{ store: DynamoDbReminderStore; dueAt: Date }> {
  const tableName = await rig.dynamo.newTable(marker);
  const dueAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 5_000);
  await batchPut(rig.dynamo.seedDoc, tableName, reminderRows({ count, chats, firstChat, marker, dueAt: () => dueAt, createdAt: new Date() }), 8);
  // Start once the rows are due, so no run waits for their second.
  const wait = dueAt.getTime() + 1_000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return { store: benchStore(rig, tableName), dueAt };
}

function perDelivered(usage: DynamoUsage, delivered: number): Record<string, number | null> {
  return {
    requestsPerDelivered: ratio(usage.requests, delivered, 2),
    itemsReadPerDelivered: ratio(usage.itemsRead, delivered, 2),
    readUnitsPerDelivered: ratio(usage.billedReadUnits, delivered, 2),
    writeUnitsPerDelivered: ratio(usage.writeUnits, delivered, 2),
  };
}

async function engine(rig: SweeperRig, count: number, chats: number, sweepers: number): Promise<Record<string, unknown>> {
  const marker = `tp${sweepers}x${randomUUID().slice(0, 4)}`;
  const { store } = await seed(rig, count, chats, marker, 40_000_000 + sweepers * 100_000);
  rig.dynamo.meter.reset();
  const watch = watchProcess();
  const started = performance.now();
  const reports: SweepReport[] = await Promise.all(
    Array.from({ length: sweepers }, () =>
      sweep(sweepDeps({ store, telegram: benchTelegram(rig, { limits: NO_TELEGRAM_LIMITS }) }), { deadline: new Date(Date.now() + 600_000), concurrency: CONCURRENCY }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const figures = watch.stop();
  const usage = rig.dynamo.meter.snapshot();
  const { first, duplicates } = deliveriesAt(rig.standIn, marker);
  return {
    case: `engine, ${sweepers} sweeper${sweepers > 1 ? 's racing' : ''}`,
    reminders: count,
    delivered: first.size,
    seconds: round(seconds, 1),
    deliveredPerSecond: Math.round(first.size / seconds),
    engineOverRaw: null,
    duplicates,
    lost: count - first.size,
    claimConflicts: reports.reduce((sum, report) => sum + report.claimConflicts, 0),
    findDueCalls: usage.byCommand.QueryCommand ?? 0,
    ...perDelivered(usage, first.size),
    peakRssMb: figures.peakRssMb,
    maxEventLoopStallMs: figures.maxEventLoopStallMs,
  };
}

/** The store's own claim-and-settle loop, nothing sent: the ceiling the engine is measured against. */
async function rawClaimAndSettle(rig: SweeperRig, count: number, chats: number): Promise<Record<string, unknown>> {
  const { store } = await seed(rig, count, chats, `raw${randomUUID().slice(0, 4)}`, 39_000_000);
  rig.dynamo.meter.reset();
  const watch = watchProcess();
  const started = performance.now();
  const found = await store.findDue(new Date());
  let next = 0;
  let settled = 0;
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < found.rows.length) {
        const row = found.rows[next++]!;
        const token = randomUUID();
        const now = new Date();
        try {
          const claimed = await store.claim(row, { now, leaseMs: LEASE_MS, token });
          await store.complete(claimed, token, { now, messageId: 1 });
          settled++;
        } catch (error) {
          if (!(error instanceof ReminderAlreadyClaimedError)) throw error;
          conflicts++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const figures = watch.stop();
  const usage = rig.dynamo.meter.snapshot();
  return {
    case: 'raw claim-and-settle (no send)',
    reminders: count,
    delivered: settled,
    seconds: round(seconds, 1),
    deliveredPerSecond: Math.round(settled / seconds),
    engineOverRaw: 1,
    duplicates: 0,
    lost: count - settled,
    claimConflicts: conflicts,
    findDueCalls: usage.byCommand.QueryCommand ?? 0,
    ...perDelivered(usage, settled),
    peakRssMb: figures.peakRssMb,
    maxEventLoopStallMs: figures.maxEventLoopStallMs,
  };
}
