import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startAgentServer } from '../agent/index.ts';
import { silentLog } from '../core/log.ts';
import { DynamoDbReminderStore } from '../adapters/dynamodb/index.ts';
import { SecretValue, SECRET_TOKEN_HEADER, type WebhookConfig } from '../core/webhook/index.ts';
import { buildWebhookDeps } from '../handlers/webhook-deps.ts';
import { WEBHOOK_PATH } from '../core/webhook/path.ts';
import { createWebhookHandler } from '../handlers/webhook.ts';
import type { ScenarioContext } from './run.ts';
import type { ScenarioOutput } from './harness/results.ts';
import { distribution, ratio, round } from './harness/stats.ts';
import { BENCH_TOKEN, benchTelegram, NO_TELEGRAM_LIMITS, startSweeperRig } from './harness/sweeper-rig.ts';

/**
 * Webhook: the Lambda handler (the API Gateway adapter over the real webhook core, in-process) relaying
 * Telegram updates to the real agent server on loopback, over dynalite. Latency = handler call to its
 * "accepted" answer (what Telegram waits for); then every update is sent again, as Telegram does after
 * a failure, and each must be answered "duplicate" without reaching the agent twice.
 */
export const name = 'webhook';
export const order = 45;

const SECRET = 'bench_webhook-secret_0123456789';
const IN_FLIGHT = 8;

export async function run({ quick }: ScenarioContext): Promise<ScenarioOutput> {
  const updates = quick ? 50 : 1_000;
  const users = quick ? 20 : 100;
  const rig = await startSweeperRig();
  const tableName = await rig.dynamo.newTable('webhook');
  // The agent's own table traffic is not the webhook's: it uses the unmetered client.
  const agent = await startAgentServer({
    port: 0,
    deps: { store: new DynamoDbReminderStore({ client: rig.dynamo.seedDoc, tableName }), telegram: benchTelegram(rig, { limits: NO_TELEGRAM_LIMITS }), clock: () => new Date(), log: silentLog, defaultTimezone: 'UTC' },
  });
  try {
    const config: WebhookConfig = {
      tableName,
      botToken: new SecretValue(BENCH_TOKEN),
      webhookSecret: new SecretValue(SECRET),
      access: { mode: 'open' },
      agent: { kind: 'http', url: agent.url },
      relayTimeoutMs: 6_000,
      telegramApiRoot: rig.standIn.apiRoot,
      processedUpdateTtlSeconds: 172_800,
      refusalTtlSeconds: 2_592_000,
    };
    const handler = createWebhookHandler(async () => buildWebhookDeps(config, { documentClient: rig.dynamo.doc, log: silentLog }));
    const bodies = Array.from({ length: updates }, (_, i) => {
      const userId = 80_000_000 + (i % users);
      return JSON.stringify({ update_id: 900_000_000 + i, message: { message_id: i + 1, date: Math.floor(Date.now() / 1000), chat: { id: userId, type: 'private', first_name: 'Bench' }, from: { id: userId, is_bot: false, first_name: 'Bench' }, text: '/help' } });
    });
    const send = async (body: string) => {
      const event = postEvent(body, { [SECRET_TOKEN_HEADER.toLowerCase()]: SECRET, 'content-type': 'application/json' });
      const started = performance.now();
      const response = await handler(event);
      return { ms: performance.now() - started, status: response.statusCode, outcome: (JSON.parse(response.body ?? '{}') as { outcome?: string }).outcome };
    };
    const first = await send(bodies[0]!); // builds the deps once, as a cold Lambda would; not measured below
    // A refused update would make every figure below meaningless (an error answer is fast and cheap).
    if (first.status !== 200) throw new Error(`the webhook answered ${first.status} to a valid update: the benchmark's event is not what Lambda sends`);
    const pass = async (list: string[]) => {
      rig.dynamo.meter.reset();
      const results: Array<Awaited<ReturnType<typeof send>>> = [];
      let next = 0;
      await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
        while (next < list.length) results.push(await send(list[next++]!));
      }));
      return { results, usage: rig.dynamo.meter.snapshot() };
    };
    const fresh = await pass(bodies.slice(1));
    await agent.idle();
    const repliesBefore = rig.standIn.sentMessages().length;
    const again = await pass(bodies);
    await agent.idle();
    // Each /help gets one answer from the agent: re-sent updates must not produce a second one.
    const repliesToResends = rig.standIn.sentMessages().length - repliesBefore;
    const row = (label: string, run: Awaited<ReturnType<typeof pass>>) => {
      const latency = distribution(run.results.map((r) => r.ms));
      const count = (outcome: string) => run.results.filter((r) => r.outcome === outcome).length;
      return {
        updates: label,
        count: run.results.length,
        relayed: count('relayed'),
        duplicate: count('duplicate'),
        non2xx: run.results.filter((r) => (r.status ?? 500) >= 300).length,
        p50Ms: round(latency.p50, 1),
        p99Ms: round(latency.p99, 1),
        maxMs: round(latency.max, 1),
        dynamoRequestsPerUpdate: ratio(run.usage.requests, run.results.length, 2),
        readUnitsPerUpdate: ratio(run.usage.billedReadUnits, run.results.length, 2),
        writeUnitsPerUpdate: ratio(run.usage.writeUnits, run.results.length, 2),
      };
    };
    return {
      parameters: { updates, users, inFlight: IN_FLIGHT, text: '/help', agent: 'real agent server on loopback (deterministic path, no model)', handler: 'handlers/webhook.ts createWebhookHandler, in-process' },
      rows: [row('new updates', fresh), row('re-sent (Telegram retry)', again)],
      extra: { agentRepliesBeforeResend: repliesBefore, agentRepliesToResends: repliesToResends },
    };
  } finally {
    await agent.stop();
    await rig.stop();
  }
}

/** An HTTP API (payload v2) POST to the webhook route, as Lambda hands it to the webhook's Hono app. */
function postEvent(body: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  const at = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: WEBHOOK_PATH,
    rawQueryString: '',
    headers: { host: 'bench.lambda-url.localhost', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'bench',
      domainName: 'bench.lambda-url.localhost',
      domainPrefix: 'bench',
      http: { method: 'POST', path: WEBHOOK_PATH, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: `bench-${at.getTime()}`,
      routeKey: '$default',
      stage: '$default',
      time: at.toISOString(),
      timeEpoch: at.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}
