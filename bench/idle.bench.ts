import { DynamoDbAdminTable, DynamoDbReplyOutbox } from '../adapters/dynamodb/index.ts';
import { DynamoDbSenderLeaseStore } from '../adapters/dynamodb/sender-lease-store.ts';
import { withSweepStatus } from '../core/admin/index.ts';
import { silentLog } from '../core/log.ts';
import { LEASED_SWEEP_DEFAULTS } from '../core/sweeper/leased-sweep.ts';
import { sweep } from '../core/sweeper/index.ts';
import { createSweeperHandler } from '../handlers/sweeper.ts';
import type { ScenarioContext } from './run.ts';
import { batchPut } from './harness/dynamo.ts';
import type { ScenarioOutput } from './harness/results.ts';
import { reminderRows } from './harness/seed.ts';
import { round } from './harness/stats.ts';
import { benchStore, benchTelegram, startSweeperRig, sweepDeps, type SweeperRig } from './harness/sweeper-rig.ts';

/**
 * Idle: one sweep over an empty due index, and one over a table holding many pending reminders none of
 * which is due yet. Invariant 5 says they cost the same: the due index is queried up to the window's
 * end, so rows due tomorrow are never read.
 */
export const name = 'idle';
export const order = 50;

const DAY_MS = 24 * 60 * 60 * 1000;

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  const pendingRows = quick ? 5_000 : 100_000;
  const repeats = quick ? 3 : 5;
  const rig = await startSweeperRig();
  try {
    const rows = [await idleSweeps(rig, 0, repeats), await idleSweeps(rig, pendingRows, repeats), await idleTicks(rig, pendingRows, repeats)];
    return { parameters: { pendingRows, repeats, dueIn: 'all pending rows due 1-2 days later', shards: 16 }, rows };
  } finally {
    await rig.stop();
  }
}

async function idleSweeps(rig: SweeperRig, pending: number, repeats: number): Promise<Record<string, unknown>> {
  const tableName = await rig.dynamo.newTable('idle');
  const now = new Date();
  if (pending > 0) {
    await batchPut(rig.dynamo.seedDoc, tableName, reminderRows({ count: pending, chats: 1_000, firstChat: 30_000_000, marker: 'idle', dueAt: (i) => new Date(now.getTime() + DAY_MS + (i % 86_400) * 1000), createdAt: now }), 8);
  }
  const deps = sweepDeps({ store: benchStore(rig, tableName), telegram: benchTelegram(rig) });
  const durations: number[] = [];
  let usage = rig.dynamo.meter.snapshot();
  let delivered = 0;
  for (let i = 0; i < repeats; i++) {
    rig.dynamo.meter.reset();
    const started = performance.now();
    const report = await sweep(deps, { deadline: new Date(Date.now() + 60_000) });
    durations.push(performance.now() - started);
    delivered += report.delivered;
    usage = rig.dynamo.meter.snapshot();
  }
  durations.sort((a, b) => a - b);
  return {
    table: pending === 0 ? 'empty due index' : `${pending.toLocaleString('en')} pending, none due`,
    requestsPerSweep: usage.requests,
    itemsReadPerSweep: usage.itemsRead,
    readUnitsPerSweep: usage.readUnits,
    billedReadUnitsPerSweep: usage.billedReadUnits,
    writeUnitsPerSweep: usage.writeUnits,
    medianSweepMs: round(durations[Math.floor(durations.length / 2)]!, 1),
    delivered,
  };
}

/**
 * The deployed tick with nothing to do: the Lambda handler as `sweeperRuntimeFromEnv` wires it (sender
 * lease, kept-reply outbox, the status item after each sweep), over pending rows none of which is due.
 * What the cost model's idle month is priced from: every minute of an idle month is one of these.
 */
async function idleTicks(rig: SweeperRig, pending: number, repeats: number): Promise<Record<string, unknown>> {
  const tableName = await rig.dynamo.newTable('idle-tick');
  const now = new Date();
  await batchPut(rig.dynamo.seedDoc, tableName, reminderRows({ count: pending, chats: 1_000, firstChat: 31_000_000, marker: 'idle-tick', dueAt: (i) => new Date(now.getTime() + DAY_MS + (i % 86_400) * 1000), createdAt: now }), 8);
  const doc = rig.dynamo.doc;
  const base = sweepDeps({ store: benchStore(rig, tableName), telegram: benchTelegram(rig) });
  const handler = createSweeperHandler(async () => ({
    deps: { ...base, metrics: withSweepStatus(undefined, (item) => new DynamoDbAdminTable(doc, tableName).putSweepStatus(item), silentLog) },
    safetyMarginMs: 5_000,
    outbox: new DynamoDbReplyOutbox({ client: doc, tableName, log: silentLog }),
    senderLease: { leases: new DynamoDbSenderLeaseStore({ client: doc, tableName }), options: LEASED_SWEEP_DEFAULTS },
  }));
  const durations: number[] = [];
  let usage = rig.dynamo.meter.snapshot();
  let idle = 0;
  for (let i = 0; i < repeats; i++) {
    rig.dynamo.meter.reset();
    const started = performance.now();
    const result = await handler({ id: `idle-${i}`, time: new Date().toISOString() }, { getRemainingTimeInMillis: () => 60_000, awsRequestId: `idle-${i}` });
    durations.push(performance.now() - started);
    if ('idle' in result) idle++;
    usage = rig.dynamo.meter.snapshot();
  }
  durations.sort((a, b) => a - b);
  return {
    table: `deployed tick (handler), ${pending.toLocaleString('en')} pending, none due`,
    requestsPerSweep: usage.requests,
    itemsReadPerSweep: usage.itemsRead,
    readUnitsPerSweep: usage.readUnits,
    billedReadUnitsPerSweep: usage.billedReadUnits,
    writeUnitsPerSweep: usage.writeUnits,
    medianSweepMs: round(durations[Math.floor(durations.length / 2)]!, 1),
    delivered: 0,
    idleTicks: idle,
  };
}
