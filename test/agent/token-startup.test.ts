import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildAgentDeps, readAgentConfig } from '../../agent/config.ts';
import { SESSION_HEADER, startAgentServer } from '../../agent/server.ts';
import { silentLog } from '../../core/log.ts';
import { startFakeSsm, type FakeSsm } from '../support/fake-ssm.ts';
import { startBackends, TOKEN, type Backends } from './harness.ts';

let backends: Backends;
let ssm: FakeSsm;
beforeAll(async () => {
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  [backends, ssm] = await Promise.all([startBackends(), startFakeSsm({ '/nudge/telegram/bot-token': { value: TOKEN, type: 'SecureString' } })]);
});
afterAll(async () => {
  await Promise.all([backends?.stop(), ssm?.stop()]);
  vi.unstubAllEnvs();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the agent on AWS while SSM is unavailable', () => {
  it('starts and answers /ping Healthy without the token; work waits and completes once SSM is back', async () => {
    // Prepare: SSM throttles every call; the agent is wired as in production, its SSM pointed at the fake.
    ssm.down = 'ThrottlingException';
    const provider = new SSMProvider({ awsSdkV3Client: new SSMClient({ endpoint: ssm.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }) });
    const config = readAgentConfig({
      NUDGE_TABLE_NAME: await backends.dynamo.newTable('ssm-down'),
      NUDGE_BOT_TOKEN_PARAM: '/nudge/telegram/bot-token',
      NUDGE_TOKEN_MAX_AGE_SECONDS: '300',
      NUDGE_TOKEN_WAIT_MS: '30000',
      DYNAMODB_ENDPOINT: backends.dynamo.endpoint,
      TELEGRAM_API_ROOT: backends.standIn.apiRoot,
      PORT: '0',
      HOST: '127.0.0.1',
    });

    // Act 1: start, ping, and hand it a chat message while SSM is down.
    const deps = await buildAgentDeps(config, silentLog, { readParameter: (name, options) => provider.get(name, options) });
    const server = await startAgentServer({ port: config.port, host: config.host, deps });
    try {
      const callsAtStart = ssm.calls.length;
      const ping = (await (await fetch(`${server.url}/ping`)).json()) as { status: string };
      backends.standIn.userSend(7_301, '/help');
      const update = await backends.nextUpdate();
      const accepted = await fetch(`${server.url}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SESSION_HEADER]: 'telegram-chat-session-7301'.padEnd(33, '_') },
        body: JSON.stringify({ type: 'telegram_update', update }),
      });
      await sleep(2_500);
      const repliesWhileDown = backends.standIn.sentMessages(7_301).filter((m) => m.from === 'bot').length;
      const pingWhileDown = await fetch(`${server.url}/ping`);
      const triedWhileDown = ssm.calls.filter((c) => c.operation === 'GetParameter').length;

      // Act 2: SSM recovers.
      ssm.down = undefined;
      await server.idle();

      // Assess
      expect(callsAtStart).toBe(0); // no SSM call before listening
      expect(ping.status).toBe('Healthy');
      expect(accepted.status).toBe(200);
      expect(pingWhileDown.status).toBe(200);
      expect(repliesWhileDown).toBe(0);
      expect(triedWhileDown).toBeGreaterThanOrEqual(2); // it kept trying rather than dying
      expect(backends.standIn.sentMessages(7_301).filter((m) => m.from === 'bot').length).toBe(1); // the /help answer, once
    } finally {
      await server.stop();
    }
  }, 60_000);
});
