import { ReminderAlreadyClaimedError } from '../core/store/index.ts';
import { DynamoDbReminderStore } from '../adapters/dynamodb/index.ts';
import { contractBackends, startTestDynamo, type TestBackend, type TestDynamo } from '../test/support/dynamo.ts';
import type { ScenarioContext } from './run.ts';
import type { ScenarioOutput } from './harness/results.ts';
import { at, batchPut, bulkId, MINUTE, pendingRow, SECOND, T0 } from '../test/store/rows.ts';
import { attachDynamoMeter, type DynamoMeter } from './harness/dynamo-meter.ts';

/**
 * Claim throughput of the reminder store: one sweep = find due (every shard, every page), then for
 * each row claim (conditional update) + complete (conditional delete + delivery-log put), with
 * `concurrency` rows in flight. Both local backends; `NUDGE_TEST_BACKEND` limits it to one.
 */
export const name = 'store-claims';
export const order = 60;

const ROWS = 1500;
const WARM_UP_ROWS = 300;
const CONCURRENCIES = [1, 8, 32];
const LEASE_MS = 5 * MINUTE;

interface SweepResult {
  backend: TestBackend;
  concurrency: number;
  rows: number;
  seconds: number;
  claimsPerSecond: number;
  findDueMs: number;
  p50Ms: number;
  p95Ms: number;
  lostClaims: number;
  /** Write units per row claimed and completed (one-time: claim + delete + delivery log), index entries included. */
  writeUnitsPerDelivery: number;
  indexWritesPerDelivery: number;
}

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  // --quick only checks the script still works: one small sweep, no warm-up.
  const rowsPerSweep = quick ? 150 : ROWS;
  const warmUpRows = quick ? 0 : WARM_UP_ROWS;
  const concurrencies = quick ? [8] : CONCURRENCIES;
  const rows: SweepResult[] = [];
  // --quick: dynalite only (no JVM start) and fewer rows.
  for (const backend of quick ? (['dynalite'] as const) : contractBackends()) {
    const dynamo = await startTestDynamo(backend);
    const meter = attachDynamoMeter(dynamo.client);
    try {
      // The JVM (and V8) need a warm-up before numbers mean anything.
      if (warmUpRows > 0) await sweep(dynamo, meter, 8, warmUpRows);
      for (const concurrency of concurrencies) rows.push(await sweep(dynamo, meter, concurrency, rowsPerSweep));
    } finally {
      await dynamo.stop();
    }
  }
  return { parameters: { rowsPerSweep, warmUpRows, concurrencies, leaseMs: LEASE_MS }, rows: rows as unknown as Array<Record<string, unknown>>, extra: { definition: 'claimsPerSecond = rows / (findDue + claim + complete for every row)' } };
}

async function sweep(dynamo: TestDynamo, meter: DynamoMeter, concurrency: number, count: number): Promise<SweepResult> {
  const tableName = await dynamo.newTable('bench');
  const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName });
  const due = Array.from({ length: count }, (_, i) => pendingRow(1 + (i % 200), bulkId('BENCH', i), at(-i * 10), 16, 1 + Math.floor(i / 200)));
  await batchPut(dynamo.doc, tableName, due, 16);

  meter.reset();
  const started = performance.now();
  const found = await store.findDue(T0);
  const findDueMs = performance.now() - started;
  if (found.rows.length !== count) throw new Error(`findDue saw ${found.rows.length} of ${count} due rows`);
  const latencies: number[] = [];
  let lostClaims = 0;
  let next = 0;
  const now = at(SECOND);
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < found.rows.length) {
        const row = found.rows[next++]!;
        const begun = performance.now();
        const token = `bench-${worker}-${row.id}`;
        try {
          const claimed = await store.claim(row, { now, leaseMs: LEASE_MS, token });
          await store.complete(claimed, token, { now, messageId: 1 });
        } catch (error) {
          if (!(error instanceof ReminderAlreadyClaimedError)) throw error;
          lostClaims++;
        }
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const usage = meter.snapshot();
  const left = await store.findDue(at(LEASE_MS * 2));
  if (left.rows.length !== 0) throw new Error(`${left.rows.length} rows still in the due index after the sweep`);
  latencies.sort((a, b) => a - b);
  return {
    backend: dynamo.backend,
    concurrency,
    rows: count,
    seconds: round(seconds, 2),
    claimsPerSecond: Math.round(count / seconds),
    findDueMs: round(findDueMs, 1),
    p50Ms: round(percentile(latencies, 0.5), 1),
    p95Ms: round(percentile(latencies, 0.95), 1),
    lostClaims,
    writeUnitsPerDelivery: round(usage.writeUnits / (count - lostClaims), 2),
    indexWritesPerDelivery: round(usage.indexWrites / (count - lostClaims), 2),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
