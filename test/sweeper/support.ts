import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHttpRelay } from '../../adapters/agentcore/index.ts';
import type { AgentPayload, AgentRelay } from '../../core/agent-relay/port.ts';
import type { Log, LogAttributes } from '../../core/log.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/dynamodb-store.ts';
import type { NewReminder, Reminder, ReminderStore } from '../../core/store/port.ts';
import type { SweepDeps } from '../../core/sweeper/index.ts';
import { type TelegramClient } from '../../core/telegram/index.ts';
import { createTelegramClient } from '../../adapters/telegram/index.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../local/telegram-standin/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';

export const TOKEN = '7000001:sweeper-test-token-AAAAAAAAAAAAAAAAAAAA';

/** Real time shifted by an offset the test moves: the sweeper waits for real seconds, but "now" can be any day. */
export class ShiftedClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  /** From this moment on, now() reads `at` (and runs on in real time). */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps every log line, to assert on the run summary and on warnings. */
export class RecordingLog implements Log {
  readonly lines: Array<{ level: string; message: string; attributes: LogAttributes }> = [];
  debug(message: string, ...extra: LogAttributes[]) {
    this.lines.push({ level: 'debug', message, attributes: Object.assign({}, ...extra) });
  }
  info(message: string, ...extra: LogAttributes[]) {
    this.lines.push({ level: 'info', message, attributes: Object.assign({}, ...extra) });
  }
  warn(message: string, ...extra: LogAttributes[]) {
    this.lines.push({ level: 'warn', message, attributes: Object.assign({}, ...extra) });
  }
  error(message: string, ...extra: LogAttributes[]) {
    this.lines.push({ level: 'error', message, attributes: Object.assign({}, ...extra) });
  }
}

/** A local agent over real HTTP that accepts work (or refuses while `down`), recording every payload. */
export interface AgentStub {
  url: string;
  received: Array<{ sessionId: string | undefined; payload: AgentPayload }>;
  down: boolean;
  stop(): Promise<void>;
}

export async function startAgentStub(): Promise<AgentStub> {
  const stub: AgentStub = { url: '', received: [], down: false, stop: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (stub.down) {
        res.writeHead(503).end('{"status":"unavailable"}');
        return;
      }
      stub.received.push({ sessionId: req.headers['x-amzn-bedrock-agentcore-runtime-session-id'] as string | undefined, payload: JSON.parse(body) as AgentPayload });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

/** One DynamoDB-API server, one Telegram stand-in and one agent stub for a test file. */
export interface SweeperRig {
  dynamo: TestDynamo;
  standIn: TelegramStandIn;
  agent: AgentStub;
  stop(): Promise<void>;
}

export async function startRig(): Promise<SweeperRig> {
  const [dynamo, standIn, agent] = await Promise.all([startTestDynamo('dynalite'), startTelegramStandIn({ token: TOKEN }), startAgentStub()]);
  return {
    dynamo,
    standIn,
    agent,
    async stop() {
      await Promise.all([dynamo.stop(), standIn.stop(), agent.stop()]);
    },
  };
}

export function storeOver(doc: DynamoDBDocumentClient, tableName: string): DynamoDbReminderStore {
  return new DynamoDbReminderStore({ client: doc, tableName });
}

/** A Telegram client on the stand-in, with limits high enough that the test measures the sweeper, not the limiter. */
export function telegramFor(rig: SweeperRig, options: { fast?: boolean; maxWaitMs?: number } = {}): TelegramClient {
  return createTelegramClient({
    token: TOKEN,
    apiRoot: rig.standIn.apiRoot,
    ...(options.fast ? { limits: { perBotPerSecond: 10_000, perPrivateChatPerSecond: 1_000, perGroupPerMinute: 10_000 } } : {}),
    maxWaitMs: options.maxWaitMs ?? 5_000,
    requestTimeoutMs: 3_000,
  });
}

export function relayFor(rig: SweeperRig): AgentRelay {
  return createHttpRelay({ url: rig.agent.url, timeoutMs: 3_000 });
}

export function depsFor(rig: SweeperRig, parts: { store: ReminderStore; clock: ShiftedClock; telegram?: TelegramClient; log?: Log }): SweepDeps {
  return {
    store: parts.store,
    telegram: parts.telegram ?? telegramFor(rig, { fast: true }),
    relay: relayFor(rig),
    clock: parts.clock.now,
    sleep: realSleep,
    log: parts.log ?? new RecordingLog(),
  };
}

/** Creates reminders `concurrency` at a time (createReminder needs `now` before each due time). */
export async function createMany(store: ReminderStore, inputs: NewReminder[], now: Date, concurrency = 24): Promise<Reminder[]> {
  const out: Reminder[] = new Array(inputs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, inputs.length) }, async () => {
      while (next < inputs.length) {
        const index = next++;
        out[index] = await store.createReminder(inputs[index]!, now);
      }
    }),
  );
  return out;
}

/** How many times the stand-in received a message whose text contains `marker`. */
export function countAtStandIn(standIn: TelegramStandIn, marker: string, chatId?: number): number {
  return standIn.sentMessages(chatId).filter((m) => m.text.includes(marker)).length;
}
