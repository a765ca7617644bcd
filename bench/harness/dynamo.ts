import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../local/dynamo-server.ts';
import { attachDynamoMeter, type DynamoMeter } from './dynamo-meter.ts';
import { BENCH_DIR } from './results.ts';

export interface BenchDynamo {
  endpoint: string;
  /** Metered: every request through `doc` is counted by `meter`. */
  doc: DynamoDBDocumentClient;
  meter: DynamoMeter;
  /** Unmetered, for seeding: set-up writes are not the engine's cost. */
  seedDoc: DynamoDBDocumentClient;
  newTable(prefix?: string): Promise<string>;
  /** Process id of the server, for its own memory figures. */
  pid: number;
  stop(): Promise<void>;
}

function documentClient(endpoint: string): { client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  // Local servers accept any signature; fixed fake keys keep the SDK from hunting for real ones.
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  return { client, doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}

/** dynalite in a child process (see dynalite-child.ts) with a metered and an unmetered client. */
export async function startBenchDynamo(): Promise<BenchDynamo> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'harness', 'dynalite-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { endpoint: string }).endpoint));
    child.once('exit', (code) => reject(new Error(`dynalite child exited (${code}) before serving`)));
  });
  const metered = documentClient(endpoint);
  const seeding = documentClient(endpoint);
  const meter = attachDynamoMeter(metered.client);
  let tables = 0;
  return {
    endpoint,
    doc: metered.doc,
    meter,
    seedDoc: seeding.doc,
    pid: child.pid!,
    async newTable(prefix = 'bench') {
      const name = `${prefix}-${++tables}-${Math.random().toString(36).slice(2, 8)}`;
      await ensureTable(seeding.client, name);
      return name;
    },
    async stop() {
      metered.client.destroy();
      seeding.client.destroy();
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', killOnExit);
    },
  };
}

/** BatchWriteItem in 25s, `concurrency` batches in flight, re-sending UnprocessedItems. */
export async function batchPut(doc: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[], concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const start = next;
      next += 25;
      if (start >= items.length) return;
      let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
