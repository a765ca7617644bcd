import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHttpRelay } from '../../adapters/agentcore/index.ts';
import type { Log, LogAttributes } from '../../core/log.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/dynamodb-store.ts';
import { createTelegramClient } from '../../adapters/telegram/index.ts';
import { SecretValue, type WebhookConfig, type WebhookDeps } from '../../core/webhook/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';
import { startRecordingAgent, type RecordingAgent } from './recording-agent.ts';
import { startStandIn, type StandIn } from './stand-in.ts';

export const SECRET = 'test_webhook-secret_0123456789';
export const BOT_TOKEN = '9876543:AAF-webhook-test-token-do-not-print';
export const ALLOWED_USER = 4242;
export const STRANGER = 666;

/** A log that keeps every line, so tests can assert what was (and was not) written. */
export function recordingLog(): Log & { lines: Array<{ level: string; message: string; extra: LogAttributes[] }> } {
  const lines: Array<{ level: string; message: string; extra: LogAttributes[] }> = [];
  const at = (level: string) => (message: string, ...extra: LogAttributes[]) => void lines.push({ level, message, extra });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Harness {
  dynamo: TestDynamo;
  agent: RecordingAgent;
  standIn: StandIn;
  /** Fresh table and deps; `config` overrides the defaults (allow-list with ALLOWED_USER). */
  setup(config?: Partial<WebhookConfig>): Promise<{ deps: WebhookDeps & { log: ReturnType<typeof recordingLog> }; tableName: string }>;
  scan(tableName: string): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

/** Real parts for a webhook test file: dynalite + the DynamoDB store, the Telegram stand-in + client, a recording agent + HTTP relay. */
export async function startHarness(): Promise<Harness> {
  const [dynamo, agent, standIn] = await Promise.all([startTestDynamo('dynalite'), startRecordingAgent(), startStandIn(BOT_TOKEN)]);
  return {
    dynamo,
    agent,
    standIn,
    async setup(overrides = {}) {
      const tableName = await dynamo.newTable('webhook');
      const log = recordingLog();
      const config: WebhookConfig = {
        tableName,
        botToken: new SecretValue(BOT_TOKEN),
        webhookSecret: new SecretValue(SECRET),
        access: { mode: 'allow-list', userIds: new Set([ALLOWED_USER]) },
        agent: { kind: 'http', url: agent.url },
        relayTimeoutMs: 2_000,
        telegramApiRoot: standIn.apiRoot,
        processedUpdateTtlSeconds: 172_800,
        refusalTtlSeconds: 2_592_000,
        ...overrides,
      };
      const deps = {
        config,
        store: new DynamoDbReminderStore({ client: dynamo.doc, tableName: config.tableName }),
        relay: createHttpRelay({ url: agent.url, timeoutMs: config.relayTimeoutMs }),
        telegram: createTelegramClient({ token: BOT_TOKEN, apiRoot: standIn.apiRoot, maxWaitMs: 5_000 }),
        log,
        clock: () => new Date(),
      };
      return { deps, tableName };
    },
    async scan(tableName) {
      const out = await dynamo.doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
      return (out.Items ?? []) as Array<Record<string, unknown>>;
    },
    async stop() {
      await Promise.all([dynamo.stop(), agent.stop(), standIn.stop()]);
    },
  };
}

let nextUpdateId = 500_000;
/** A private-chat text message update from `userId`. */
export function textUpdate(userId: number, text: string, updateId = ++nextUpdateId): Record<string, unknown> & { update_id: number } {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1_795_000_000,
      chat: { id: userId, type: 'private', first_name: 'Tess' },
      from: { id: userId, is_bot: false, first_name: 'Tess' },
      text,
    },
  };
}

/** An API Gateway HTTP API (payload v2) event, as Lambda receives it for `POST /telegram/webhook`. */
export function apiGatewayEvent(body: string | undefined, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET }, isBase64Encoded = false): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /telegram/webhook',
    rawPath: '/telegram/webhook',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc123.execute-api.eu-west-1.amazonaws.com', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: 'POST', path: '/telegram/webhook', protocol: 'HTTP/1.1', sourceIp: '91.108.6.1', userAgent: '' },
      requestId: 'req-1',
      routeKey: 'POST /telegram/webhook',
      stage: '$default',
      time: '24/Nov/2026:12:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded,
  };
}
