import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/config/env.ts';
import { envSecretSource, loadWebhookConfig } from '../../core/webhook/index.ts';
import { ssmSecretSource } from '../../adapters/ssm/index.ts';

const TOKEN = '123456:AAH-test-token-never-printed';
const base = {
  NUDGE_TABLE_NAME: 'nudge',
  NUDGE_ALLOWED_USER_IDS: '42, 43',
  NUDGE_AGENT_URL: 'http://127.0.0.1:8080',
  TELEGRAM_BOT_TOKEN: TOKEN,
  NUDGE_WEBHOOK_SECRET: 'hook_secret-1',
};
const load = (env: Record<string, string | undefined>) => loadWebhookConfig(env, envSecretSource(env));
const configErrorKey = async (env: Record<string, string | undefined>) => {
  const error = await load(env).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return { key: (error as ConfigError).key, message: (error as Error).message };
};

describe('webhook config', () => {
  it('reads a complete local config, typed', async () => {
    const config = await load(base);

    expect(config.tableName).toBe('nudge');
    expect(config.access).toEqual({ mode: 'allow-list', userIds: new Set([42, 43]) });
    expect(config.agent).toEqual({ kind: 'http', url: 'http://127.0.0.1:8080' });
    expect(config.botToken.reveal()).toBe(TOKEN);
    expect(config.relayTimeoutMs).toBe(6_000);
    expect(config.processedUpdateTtlSeconds).toBe(172_800);
  });

  it('switches to open mode only when asked explicitly', async () => {
    const config = await load({ ...base, NUDGE_ALLOWED_USER_IDS: undefined, NUDGE_OPEN_ACCESS: 'true' });

    expect(config.access).toEqual({ mode: 'open' });
  });

  it('fails fast without an allow-list or open mode, saying to set one', async () => {
    const { key, message } = await configErrorKey({ ...base, NUDGE_ALLOWED_USER_IDS: undefined });

    expect(key).toBe('NUDGE_ALLOWED_USER_IDS');
    expect(message).toContain('NUDGE_OPEN_ACCESS=true');
  });

  it.each([
    ['NUDGE_TABLE_NAME', { NUDGE_TABLE_NAME: undefined }],
    ['NUDGE_AGENT_RUNTIME_ARN', { NUDGE_AGENT_URL: undefined }],
    ['TELEGRAM_BOT_TOKEN', { TELEGRAM_BOT_TOKEN: undefined }],
    ['NUDGE_WEBHOOK_SECRET', { NUDGE_WEBHOOK_SECRET: '' }],
    ['NUDGE_WEBHOOK_SECRET', { NUDGE_WEBHOOK_SECRET: 'has spaces!' }],
    ['NUDGE_ALLOWED_USER_IDS', { NUDGE_ALLOWED_USER_IDS: '42,abc' }],
    ['NUDGE_OPEN_ACCESS', { NUDGE_OPEN_ACCESS: 'true' }],
    ['NUDGE_OPEN_ACCESS', { NUDGE_ALLOWED_USER_IDS: undefined, NUDGE_OPEN_ACCESS: 'maybe' }],
    ['NUDGE_AGENT_URL', { NUDGE_AGENT_RUNTIME_ARN: 'arn:aws:bedrock-agentcore:us-east-1:1:runtime/x' }],
    ['NUDGE_AGENT_URL', { NUDGE_AGENT_URL: 'not a url' }],
    ['NUDGE_AGENT_TIMEOUT_MS', { NUDGE_AGENT_TIMEOUT_MS: '60000' }],
    ['TELEGRAM_API_ROOT', { TELEGRAM_API_ROOT: 'ftp://x' }],
  ])('names %s when it is missing or malformed', async (expectedKey, overrides) => {
    const { key, message } = await configErrorKey({ ...base, ...overrides });

    expect(key).toBe(expectedKey);
    expect(message).toContain(expectedKey);
  });

  it('reads the AgentCore target with its qualifier', async () => {
    const arn = 'arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/nudge-1';
    const config = await load({ ...base, NUDGE_AGENT_URL: undefined, NUDGE_AGENT_RUNTIME_ARN: arn, NUDGE_AGENT_QUALIFIER: 'live' });

    expect(config.agent).toEqual({ kind: 'agentcore', runtimeArn: arn, qualifier: 'live' });
  });

  it('never prints the token or the webhook secret', async () => {
    const config = await load(base);

    const printed = [JSON.stringify(config), inspect(config, { depth: 5 }), String(config.botToken), `${config.webhookSecret}`].join('\n');

    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain('hook_secret-1');
    expect(printed).toContain('[secret]');
  });
});

/** Speaks just enough of SSM's JSON protocol (GetParameter) to prove what the Lambda asks for. */
describe('SSM secret source (real SDK against a local SSM endpoint)', () => {
  const parameters: Record<string, string> = { '/nudge/bot-token': TOKEN, '/nudge/webhook-secret': 'ssm_secret' };
  const requests: Array<{ target: string | undefined; body: { Name: string; WithDecryption?: boolean } }> = [];
  let endpoint = '';
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { Name: string; WithDecryption?: boolean };
      requests.push({ target: req.headers['x-amz-target'] as string | undefined, body });
      const value = parameters[body.Name];
      res.writeHead(value === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify(
          value === undefined
            ? { __type: 'ParameterNotFound', message: 'not found' }
            : { Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1 } },
        ),
      );
    });
  });
  const client = () => new SSMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  const ssmEnv = {
    ...base,
    TELEGRAM_BOT_TOKEN: undefined,
    NUDGE_WEBHOOK_SECRET: undefined,
    NUDGE_BOT_TOKEN_PARAM: '/nudge/bot-token',
    NUDGE_WEBHOOK_SECRET_PARAM: '/nudge/webhook-secret',
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())));

  it('reads both secrets decrypted, once, through Powertools Parameters', async () => {
    requests.length = 0;
    const secrets = ssmSecretSource({ env: ssmEnv, client: client() });

    const config = await loadWebhookConfig(ssmEnv, secrets);
    await secrets.read('botToken'); // cached by Powertools: no second request

    expect(config.botToken.reveal()).toBe(TOKEN);
    expect(config.webhookSecret.reveal()).toBe('ssm_secret');
    expect(requests.map((r) => r.target)).toEqual(['AmazonSSM.GetParameter', 'AmazonSSM.GetParameter']);
    expect(requests.map((r) => r.body).sort((a, b) => a.Name.localeCompare(b.Name))).toEqual([
      { Name: '/nudge/bot-token', WithDecryption: true },
      { Name: '/nudge/webhook-secret', WithDecryption: true },
    ]);
  });

  it('names the parameter setting when the name is missing or the parameter does not exist', async () => {
    const missingName = { ...ssmEnv, NUDGE_WEBHOOK_SECRET_PARAM: undefined };
    const noSuchParameter = { ...ssmEnv, NUDGE_BOT_TOKEN_PARAM: '/nudge/nope' };

    const first = await loadWebhookConfig(missingName, ssmSecretSource({ env: missingName, client: client() })).catch((e: unknown) => e);
    const second = await loadWebhookConfig(noSuchParameter, ssmSecretSource({ env: noSuchParameter, client: client() })).catch((e: unknown) => e);

    expect(first).toBeInstanceOf(ConfigError);
    expect((first as ConfigError).key).toBe('NUDGE_WEBHOOK_SECRET_PARAM');
    expect(second).toBeInstanceOf(ConfigError);
    expect((second as ConfigError).key).toBe('NUDGE_BOT_TOKEN_PARAM');
    expect((second as Error).message).toContain('/nudge/nope');
    expect((second as Error).message).toContain('ParameterNotFound');
  });
});
