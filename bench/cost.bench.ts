import type { ScenarioContext } from './run.ts';
import { ALL_IN_VOLUMES, costModel, PRICES, type CostInputs } from './cost-model.ts';
import { waitingDesigns } from './waiting-designs.ts';
import { readResult, type ResultRecord, type ScenarioOutput } from './harness/results.ts';
import { SWEEPER_MEMORY_MB, WEBHOOK_MEMORY_MB } from '../infra/function-sizes.ts';

/**
 * The cost model, priced from the other scenarios' latest results of the same kind (full or --quick):
 * idle (one idle sweep), throughput (per delivered, one-time and recurring; create; one at a time) and
 * webhook (per update). Runs last; re-run it alone after re-running those.
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

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  const [idle, throughput, webhook, precision] = await Promise.all([readResult('idle', quick), readResult('throughput', quick), readResult('webhook', quick), readResult('precision', quick)]);
  // Share of the time the full precision scenario's sweeper was up (1,000 reminders at random seconds, the
  // AWS cadence); 1 without it. A --quick run's 5-second cadence says nothing about a minute: 1 there too.
  const measured = precision?.extra?.sweeperBusyShare;
  const busyShare = !quick && typeof measured === 'number' ? measured : 1;
  const idleRow = rowOf(idle, 'idle', (row) => String(row.table).includes('pending'));
  const oneTime = rowOf(throughput, 'throughput', (row) => row.case === 'engine, 1 sweeper');
  const recurring = rowOf(throughput, 'throughput', (row) => String(row.case).includes('recurring'));
  const update = rowOf(webhook, 'webhook', (row) => row.updates === 'new updates');
  const create = (throughput?.extra?.createReminder ?? {}) as Record<string, unknown>;
  const single = (throughput?.extra?.oneAtATime ?? {}) as Record<string, unknown>;
  const msPerDelivered = (row: Record<string, unknown>) => Math.round((num(row, 'seconds') * 1000) / num(row, 'delivered'));

  const inputs: CostInputs = {
    idleSweep: { readUnits: num(idleRow, 'billedReadUnitsPerSweep'), writeUnits: num(idleRow, 'writeUnitsPerSweep'), lambdaMs: num(idleRow, 'medianSweepMs') },
    deliverOneTime: { readUnits: num(oneTime, 'readUnitsPerDelivered'), writeUnits: num(oneTime, 'writeUnitsPerDelivered'), lambdaMs: msPerDelivered(oneTime) },
    deliverRecurring: { readUnits: num(recurring, 'readUnitsPerDelivered'), writeUnits: num(recurring, 'writeUnitsPerDelivered'), lambdaMs: msPerDelivered(recurring) },
    webhookUpdate: { readUnits: num(update, 'readUnitsPerUpdate'), writeUnits: num(update, 'writeUnitsPerUpdate'), lambdaMs: num(update, 'p50Ms') },
    createReminder: { readUnits: num(create, 'readUnitsPerCreate'), writeUnits: num(create, 'writeUnitsPerCreate') },
    // A per-reminder target reads its row (0.5 RRU), sends, deletes the row and writes the delivery log (2 WRU).
    schedulerTarget: { readUnits: 0.5, writeUnits: 2, lambdaMs: Math.ceil(num(single, 'sendP50Ms') + num(single, 'settleP50Ms')) },
    sweeperMemoryMb: SWEEPER_MEMORY_MB,
    webhookMemoryMb: WEBHOOK_MEMORY_MB,
    busyMinuteSeconds: Math.round(60 * busyShare),
  };
  return {
    parameters: { prices: PRICES, sources: { idle: idle?.commit, throughput: throughput?.commit, webhook: webhook?.commit, precision: precision?.commit } },
    rows: costModel(inputs).map(({ assumptions: _a, ...line }) => line),
    // What being on time would cost in the other designs, from the same measured inputs (README "Cost model").
    extra: { inputs, lines: costModel(inputs), designs: ALL_IN_VOLUMES.map((volume) => ({ volume, oneTime: waitingDesigns(inputs, volume) })) },
  };
}
