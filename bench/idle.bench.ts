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

/** A table holding `pending` reminders, all due tomorrow (none in any window). */
async function tableWithPending(rig: SweeperRig, label: string, pending: number): Promise<string> {
  const tableName = await rig.dynamo.newTable(label);
  const now = new Date();
  if (pending > 0) {
    await batchPut(rig.dynamo.seedDoc, tableName, reminderRows({ count: pending, chats: 1_000, firstChat: 30_000_000, marker: label, dueAt: (i) => new Date(now.getTime() + DAY_MS + (i % 86_400) * 1000), createdAt: now }), 8);
  }
  return tableName;
}

/** Runs `once` `repeats` times; the last run's DynamoDB usage (each is metered alone) and the median duration. */
async function measured(rig: SweeperRig, repeats: number, once: (i: number) => Promise<void>) {
  const durations: number[] = [];
  let usage = rig.dynamo.meter.snapshot();
  for (let i = 0; i < repeats; i++) {
    rig.dynamo.meter.reset();
    const started = performance.now();
    await once(i);
    durations.push(performance.now() - started);
    usage = rig.dynamo.meter.snapshot();
  }
  durations.sort((a, b) => a - b);
  return {
    requestsPerSweep: usage.requests,
    itemsReadPerSweep: usage.itemsRead,
    readUnitsPerSweep: usage.readUnits,
    billedReadUnitsPerSweep: usage.billedReadUnits,
    writeUnitsPerSweep: usage.writeUnits,
    medianSweepMs: round(durations[Math.floor(durations.length / 2)]!, 1),
  };
}

async function idleSweeps(rig: SweeperRig, pending: number, repeats: number): Promise<Record<string, unknown>> {
  const tableName = await tableWithPending(rig, 'idle', pending);
  const deps = sweepDeps({ store: benchStore(rig, tableName), telegram: benchTelegram(rig) });
  let delivered = 0;
  const figures = await measured(rig, repeats, async () => {
    delivered += (await sweep(deps, { deadline: new Date(Date.now() + 60_000) })).delivered;
  });
  return { table: pending === 0 ? 'empty due index' : `${pending.toLocaleString('en')} pending, none due`, ...figures, delivered };
}

/**
 * The deployed tick with nothing to do: the Lambda handler as `sweeperRuntimeFromEnv` wires it (sender
 * lease, kept-reply outbox, the status item after each sweep), over pending rows none of which is due.
 * What the cost model's idle month is priced from: every minute of an idle month is one of these.
 */
async function idleTicks(rig: SweeperRig, pending: number, repeats: number): Promise<Record<string, unknown>> {
  const tableName = await tableWithPending(rig, 'idle-tick', pending);
  const doc = rig.dynamo.doc;
  const base = sweepDeps({ store: benchStore(rig, tableName), telegram: benchTelegram(rig) });
  const handler = createSweeperHandler(async () => ({
    deps: { ...base, metrics: withSweepStatus(undefined, (item) => new DynamoDbAdminTable(doc, tableName).putSweepStatus(item), silentLog) },
    safetyMarginMs: 5_000,
    outbox: new DynamoDbReplyOutbox({ client: doc, tableName, log: silentLog }),
    senderLease: { leases: new DynamoDbSenderLeaseStore({ client: doc, tableName }), options: LEASED_SWEEP_DEFAULTS },
  }));
  let idle = 0;
  const figures = await measured(rig, repeats, async (i) => {
    const result = await handler({ id: `idle-${i}`, time: new Date().toISOString() }, { getRemainingTimeInMillis: () => 60_000, awsRequestId: `idle-${i}` });
    if ('idle' in result) idle++;
  });
  return { table: `deployed tick (handler), ${pending.toLocaleString('en')} pending, none due`, ...figures, delivered: 0, idleTicks: idle };
}
