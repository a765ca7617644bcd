import { sweep } from '../core/sweeper/index.ts';
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
    const rows = [await idleSweeps(rig, 0, repeats), await idleSweeps(rig, pendingRows, repeats)];
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
