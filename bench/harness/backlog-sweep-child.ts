import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { sweep } from '../../core/sweeper/index.ts';
import { createTelegramClient } from '../../adapters/telegram/index.ts';
import { attachDynamoMeter, type DynamoUsage } from './dynamo-meter.ts';
import { watchProcess, type ProcessFigures } from './process-watch.ts';
import { BENCH_TOKEN, sweepDeps } from './sweeper-rig.ts';

/**
 * One sweeper run in a process of its own, as on Lambda: only the sweeper, its DynamoDB client and
 * its Telegram client live here, so the memory and event-loop figures are the sweep's — not the
 * seeding's (100k rows built and sent), the Telegram stand-in's or dynalite's. Reads one JSON argument
 * ({@link SweepChildInput}), prints one JSON line ({@link SweepChildOutput}) and exits.
 */
export interface SweepChildInput {
  endpoint: string;
  tableName: string;
  apiRoot: string;
  claimBudgetMs: number;
}

export interface SweepChildOutput extends ProcessFigures {
  runSeconds: number;
  stoppedBy: string;
  findDueCalls: number;
  retried: number;
  telegram429s: number;
  usage: DynamoUsage;
  /** After start-up and a forced collection: the process before the sweep. */
  rssBeforeMb: number;
  heapUsedBeforeMb: number;
  /** The first DynamoDB and Telegram request (lazy module loading), before the measured sweep. */
  warmUpMs: number;
}

const input = JSON.parse(process.argv[2] ?? '') as SweepChildInput;
// Local servers accept any signature; fixed fake keys keep the SDK from hunting for real ones.
const client = new DynamoDBClient({ endpoint: input.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
const meter = attachDynamoMeter(client);
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

// 429s the stand-in answered: counted at the client's fetch.
let telegram429s = 0;
const countingFetch: typeof fetch = async (url, init) => {
  const response = await fetch(url, init);
  if (response.status === 429) telegram429s++;
  return response;
};
const telegram = createTelegramClient({ token: BENCH_TOKEN, apiRoot: input.apiRoot, fetch: countingFetch, maxWaitMs: 25_000 });
const store = new DynamoDbReminderStore({ client: doc, tableName: input.tableName });
const deps = sweepDeps({ store, telegram });

// The first DynamoDB request and the first fetch load and compile modules lazily (the SDK's
// serializers, undici): ~0.3–0.5 s of blocked event loop that on Lambda falls in the cold start, once
// per instance, not in the sweep. One read of each, before measuring; their time is reported apart.
const warmUpStarted = performance.now();
await store.findDuePage(0, new Date(0), { limit: 1 });
await telegram.api.getMe();
const warmUpMs = Math.round(performance.now() - warmUpStarted);
meter.reset();

global.gc?.();
const before = process.memoryUsage();
const watch = watchProcess();
const started = performance.now();
const report = await sweep(deps, { deadline: new Date(Date.now() + input.claimBudgetMs) });
const runSeconds = (performance.now() - started) / 1000;
const figures = watch.stop();
client.destroy();

const output: SweepChildOutput = {
  ...figures,
  runSeconds,
  stoppedBy: report.stoppedBy,
  findDueCalls: report.queries,
  retried: report.retried,
  telegram429s,
  usage: meter.snapshot(),
  rssBeforeMb: Math.round(before.rss / 1024 / 1024),
  heapUsedBeforeMb: Math.round(before.heapUsed / 1024 / 1024),
  warmUpMs,
};
// Keep-alive sockets would hold the process open; the parent waits for the exit.
process.stdout.write(`${JSON.stringify(output)}\n`, () => process.exit(0));
