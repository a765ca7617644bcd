import type { ScenarioContext } from './run.ts';
import { ALL_IN_VOLUMES, costModel, PRICES, type CostInputs } from './cost-model.ts';
import { waitingDesigns } from './waiting-designs.ts';
import { readResult, type ResultRecord, type ScenarioOutput } from './harness/results.ts';
import { SWEEPER_MEMORY_MB, WEBHOOK_MEMORY_MB } from '../infra/function-sizes.ts';
import { MONITORING_FOOTPRINT } from '../infra/monitoring-footprint.ts';
import { metricsOfReport } from '../adapters/powertools/index.ts';
import { summarise } from '../core/sweeper/index.ts';

/**
 * The cost model, priced from the other scenarios' latest results of the same kind (full or --quick):
 * idle (the deployed idle tick), sweeper-size (that tick's time at the deployed size's CPU share),
 * throughput (per delivered, one-time and recurring; create; one at a time), webhook (per update) and
 * precision (the share of time a run is up). Runs last; re-run it alone after re-running those.
 */
export const name = 'cost';
export const order = 90;


export class MissingMeasurementError extends Error {
  constructor(what: string, options?: { cause?: unknown }) {
    super(`the cost model needs ${what}: run \`npm run bench idle throughput webhook\` (with the same --quick setting) first`, options);
    this.name = 'MissingMeasurementError';
  }
}

function rowOf(record: ResultRecord | undefined, scenario: string, match: (row: Record<string, unknown>) => boolean): Record<string, unknown> {
  const row = record?.rows.find(match);
  if (!row) throw new MissingMeasurementError(`a ${scenario} result`);
  return row;
}

function num(row: Record<string, unknown>, key: string): number {
  const value = row[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new MissingMeasurementError(`a number for ${key}`);
  return value;
}

/** A run that delivered one reminder on time: the metrics every busy minute sends (zero counts are left out). */
function onTimeRun() {
  const dueAt = '2026-11-29T09:00:00.000Z';
  return summarise([{ reminderId: 'r', chatId: 1, dueAt, outcome: 'delivered', claimed: true, lagMs: 20, late: false }], {
    startedAt: new Date(dueAt),
    finishedAt: new Date(Date.parse(dueAt) + 60_000),
    windowEnd: new Date(Date.parse(dueAt) + 60_000),
    stoppedBy: 'idle',
    queries: 16,
    dueFound: 1,
    queryErrors: 0,
  });
}

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  const [idle, throughput, webhook, precision, size] = await Promise.all(['idle', 'throughput', 'webhook', 'precision', 'sweeper-size'].map((name) => readResult(name, quick)));
  // Share of the time the full precision scenario's sweeper was up (1,000 reminders at random seconds, the
  // AWS cadence); 1 without it. A --quick run's 5-second cadence says nothing about a minute: 1 there too.
  const measured = precision?.extra?.sweeperBusyShare;
  const busyShare = !quick && typeof measured === 'number' ? measured : 1;
  // The deployed tick (handler: probe, lease only when there is work, kept replies), else the bare sweep.
  const idleRow = idle?.rows.find((row) => String(row.table).startsWith('deployed tick')) ?? rowOf(idle, 'idle', (row) => String(row.table).includes('pending'));
  // On Lambda an idle tick is CPU-bound at the deployed size's share of a core: the sweeper-size scenario's
  // warm idle tick, capped at that share, when this machine could cap it (else the in-process figure).
  const cappedIdle = size?.rows.find((row) => row.case === 'idle' && row.tick === 'warm' && row.memoryMb === SWEEPER_MEMORY_MB && row.cpuCap !== null);
  const idleTickMs = Math.max(num(idleRow, 'medianSweepMs'), cappedIdle ? num(cappedIdle, 'tickWallS') * 1000 : 0);
  const oneTime = rowOf(throughput, 'throughput', (row) => row.case === 'engine, 1 sweeper');
  const recurring = rowOf(throughput, 'throughput', (row) => String(row.case).includes('recurring'));
  const update = rowOf(webhook, 'webhook', (row) => row.updates === 'new updates');
  const create = (throughput?.extra?.createReminder ?? {}) as Record<string, unknown>;
  const single = (throughput?.extra?.oneAtATime ?? {}) as Record<string, unknown>;
  const msPerDelivered = (row: Record<string, unknown>) => Math.round((num(row, 'seconds') * 1000) / num(row, 'delivered'));

  const inputs: CostInputs = {
    idleSweep: { readUnits: num(idleRow, 'billedReadUnitsPerSweep'), writeUnits: num(idleRow, 'writeUnitsPerSweep'), lambdaMs: idleTickMs },
    deliverOneTime: { readUnits: num(oneTime, 'readUnitsPerDelivered'), writeUnits: num(oneTime, 'writeUnitsPerDelivered'), lambdaMs: msPerDelivered(oneTime) },
    deliverRecurring: { readUnits: num(recurring, 'readUnitsPerDelivered'), writeUnits: num(recurring, 'writeUnitsPerDelivered'), lambdaMs: msPerDelivered(recurring) },
    webhookUpdate: { readUnits: num(update, 'readUnitsPerUpdate'), writeUnits: num(update, 'writeUnitsPerUpdate'), lambdaMs: num(update, 'p50Ms') },
    createReminder: { readUnits: num(create, 'readUnitsPerCreate'), writeUnits: num(create, 'writeUnitsPerCreate') },
    // A per-reminder target reads its row (0.5 RRU), sends, deletes the row and writes the delivery log (2 WRU).
    schedulerTarget: { readUnits: 0.5, writeUnits: 2, lambdaMs: Math.ceil(num(single, 'sendP50Ms') + num(single, 'settleP50Ms')) },
    sweeperMemoryMb: SWEEPER_MEMORY_MB,
    webhookMemoryMb: WEBHOOK_MEMORY_MB,
    busyMinuteSeconds: Math.round(60 * busyShare),
    monitoring: { ...MONITORING_FOOTPRINT, busyMetrics: metricsOfReport(onTimeRun()).length },
  };
  return {
    parameters: { prices: PRICES, sources: { idle: idle?.commit, throughput: throughput?.commit, webhook: webhook?.commit, precision: precision?.commit, sweeperSize: size?.commit } },
    rows: costModel(inputs).map(({ assumptions: _a, ...line }) => line),
    // What being on time would cost in the other designs, from the same measured inputs (README "Cost model").
    extra: { inputs, lines: costModel(inputs), designs: ALL_IN_VOLUMES.map((volume) => ({ volume, oneTime: waitingDesigns(inputs, volume) })) },
  };
}
