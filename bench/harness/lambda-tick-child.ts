import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { watchProcess, type ProcessFigures } from './process-watch.ts';

/**
 * Runs a bundled Lambda handler the way the Lambda Node runtime does, in a process of its own: import
 * the bundle (init), then call `handler(event, context)` once per invocation. Bundled by esbuild into
 * plain JavaScript before it runs (bench/harness/lambda-bundle.ts), so no tsx or TypeScript sits in
 * the memory it measures. Talks to its parent over IPC: `{ type: 'warm' }` after the cold invocation,
 * then each `{ type: 'tick', time }` is one measured invocation, answered with `{ type: 'done' }`
 * ({@link TickChildReport}), until `{ type: 'exit' }`.
 */
export interface TickChildInput {
  bundle: string;
  /** The function's timeout: `getRemainingTimeInMillis` counts down from it, per invocation. */
  timeoutMs: number;
  memoryMb: number;
}

export type TickChildMessage = { type: 'warm'; cold: PhaseFigures } | { type: 'done'; report: TickChildReport };

export interface PhaseFigures {
  wallMs: number;
  /** User + system CPU time of the whole process (all its threads: the collector's and libuv's too). */
  cpuMs: number;
  /** Of which in the kernel: socket writes and reads (on loopback, the receiving side's TCP work is charged here too). */
  systemCpuMs: number;
  rssAfterMb: number;
}

export interface TickChildReport extends ProcessFigures {
  /** The bare process (node and this runner) before the bundle was imported. */
  rssAtStartMb: number;
  /** Module load of the bundle: Lambda's init phase. */
  init: PhaseFigures;
  /** The first invocation (builds clients, reads the token, guards the shard count) on an empty window. */
  cold: PhaseFigures;
  /** The measured tick. */
  tick: PhaseFigures & { result: unknown };
  /** Highest RSS the process reached from its start to the end of the tick: Lambda's "Max Memory Used". */
  lifetimePeakRssMb: number;
  /** The busiest whole second of the tick, as a share of one core (CPU time / wall time in that second). */
  busiestSecondCpuShare: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

let lifetimePeakRss = process.memoryUsage.rss();
const lifetime = setInterval(() => (lifetimePeakRss = Math.max(lifetimePeakRss, process.memoryUsage.rss())), 100);
const rssAtStartMb = mb(lifetimePeakRss);
const input = JSON.parse(process.argv[2] ?? '') as TickChildInput;

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

async function phase<T>(work: () => Promise<T>): Promise<{ figures: PhaseFigures; value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, figures: { wallMs: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000), systemCpuMs: Math.round(used.system / 1000), rssAfterMb: mb(process.memoryUsage.rss()) } };
}

/** An EventBridge scheduled event and a Lambda context, as the runtime passes them. */
function invoke(handler: Handler, time: string): Promise<unknown> {
  const deadline = Date.now() + input.timeoutMs;
  const event = { version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time, region: 'us-east-1', resources: ['arn:aws:events:us-east-1:123456789012:rule/nudge-sweeper-tick'], detail: {} };
  const context = {
    awsRequestId: randomUUID(),
    functionName: 'nudge-sweeper',
    memoryLimitInMB: String(input.memoryMb),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  return handler(event, context);
}

const init = await phase(async () => (await import(pathToFileURL(input.bundle).href)) as { handler: Handler });
const handler = init.value.handler;
// Cold invocation one period back: its window ends before anything the parent seeds next, so it finds nothing.
const cold = await phase(() => invoke(handler, new Date(Date.now() - 60_000).toISOString()));
process.send!({ type: 'warm', cold: cold.figures } satisfies TickChildMessage);

/** One measured invocation; the container stays up between them, as a warm Lambda does. */
async function measuredTick(time: string): Promise<TickChildReport> {
  let busiest = 0;
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  const perSecond = setInterval(() => {
    const now = performance.now();
    busiest = Math.max(busiest, cpuMs(lastCpu) / (now - lastAt));
    lastCpu = process.cpuUsage();
    lastAt = now;
  }, 1_000);
  const watch = watchProcess();
  const tick = await phase(() => invoke(handler, time));
  const figures = watch.stop();
  clearInterval(perSecond);
  return {
    ...figures,
    rssAtStartMb,
    init: init.figures,
    cold: cold.figures,
    tick: { ...tick.figures, result: tick.value },
    lifetimePeakRssMb: mb(Math.max(lifetimePeakRss, process.memoryUsage.rss())),
    busiestSecondCpuShare: Math.round(busiest * 1000) / 1000,
  };
}

process.on('message', (message: { type: 'tick'; time: string } | { type: 'exit' }) => {
  if (message.type === 'exit') {
    clearInterval(lifetime);
    // Keep-alive sockets and the lease's handover timer would hold the process open.
    process.exit(0);
  }
  void measuredTick(message.time).then((report) => process.send!({ type: 'done', report } satisfies TickChildMessage));
});
