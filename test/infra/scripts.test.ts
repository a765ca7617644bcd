import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/repo-paths.ts';
import { TEMP_PREFIX } from './synth-nudge.ts';

const TOKEN = '1234567:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
const SECRET = 'test-secret_0123456789abcdefABCDEF';
const WEBHOOK_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/telegram/webhook';

const dir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
const outputsFile = join(dir, 'cdk-outputs.json');
writeFileSync(outputsFile, JSON.stringify({ Nudge: { WebhookUrl: WEBHOOK_URL, TableName: 't', AgentRuntimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/x' } }));

/** A Bot API stand-in on 127.0.0.1 that records calls and answers as told. */
interface Call { path: string; body: Record<string, unknown> }
let server: Server;
let apiRoot: string;
let calls: Call[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: { ok: true, result: true } };

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    calls.push({ path: req.url ?? '', body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  calls = [];
  answer = { status: 200, body: { ok: true, result: true } };
});

/** Runs a script as `npm run` would, with a clean AWS environment that can never reach AWS. */
function run(script: string, opts: { env?: Record<string, string>; stdin?: string; args?: string[] } = {}): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_') && !key.startsWith('TELEGRAM_')) env[key] = value;
  Object.assign(env, {
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...opts.env,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', script), ...(opts.args ?? [])], { cwd: REPO_ROOT, env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(opts.stdin ?? '');
  });
}

describe('npm run token:store', () => {
  it('fails with a clear message when no token is given', async () => {
    const { code, out } = await run('store-token.ts');
    expect(code).toBe(1);
    expect(out).toContain('No bot token: pipe it on stdin');
  });

  it('rejects a value that is not a bot token without echoing it', async () => {
    const notAToken = 'my-password-hunter2-hunter2';
    const { code, out } = await run('store-token.ts', { stdin: notAToken });
    expect(code).toBe(1);
    expect(out).toContain('does not look like a bot token');
    expect(out).not.toContain(notAToken);
  });

  it('fails with a clear message when there are no AWS credentials, never printing the token', async () => {
    const { code, out } = await run('store-token.ts', { stdin: TOKEN, env: { AWS_REGION: 'eu-west-1' } });
    expect(code).toBe(1);
    expect(out).toContain('No AWS credentials found');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(TOKEN.split(':')[1]);
  });

  it('fails with a clear message when no region is set', async () => {
    const { code, out } = await run('store-token.ts', { env: { TELEGRAM_BOT_TOKEN: TOKEN, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) } });
    expect(code).toBe(1);
    expect(out).toContain('No AWS region set');
    expect(out).not.toContain(TOKEN);
  });
});

describe('npm run webhook:register', () => {
  it('fails with a clear message when the deploy outputs are missing', async () => {
    const { code, out } = await run('register-webhook.ts', { args: ['--outputs', join(dir, 'missing.json')], env: { TELEGRAM_BOT_TOKEN: TOKEN } });
    expect(code).toBe(1);
    expect(out).toContain('No stack outputs at');
    expect(out).toContain('npm run deploy');
  });

  it('fails with a clear message when the token is not in env and AWS has no credentials', async () => {
    const { code, out } = await run('register-webhook.ts', { args: ['--outputs', outputsFile], env: { AWS_REGION: 'eu-west-1' } });
    expect(code).toBe(1);
    expect(out).toContain('No AWS credentials found');
    expect(calls).toEqual([]);
  });

  it('registers the URL from the outputs with the secret and allowed updates', async () => {
    const { code, out } = await run('register-webhook.ts', {
      args: ['--outputs', outputsFile, '--drop-pending-updates'],
      env: { TELEGRAM_BOT_TOKEN: TOKEN, NUDGE_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: apiRoot },
    });
    expect(code, out).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe(`/bot${TOKEN}/setWebhook`);
    expect(calls[0]!.body).toEqual({
      url: WEBHOOK_URL,
      secret_token: SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
      drop_pending_updates: true,
    });
    expect(out).toContain(WEBHOOK_URL);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(SECRET);
  });

  it('explains a refused token without printing it or the secret', async () => {
    answer = { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    const { code, out } = await run('register-webhook.ts', {
      args: ['--outputs', outputsFile],
      env: { TELEGRAM_BOT_TOKEN: TOKEN, NUDGE_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: apiRoot },
    });
    expect(code).toBe(1);
    expect(out).toContain('Telegram refused setWebhook (401: Unauthorized)');
    expect(out).toContain('npm run token:store');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(SECRET);
  });
});

describe('npm run webhook:info', () => {
  it("prints Telegram's webhook info without the token", async () => {
    answer = { status: 200, body: { ok: true, result: { url: WEBHOOK_URL, has_custom_certificate: false, pending_update_count: 3 } } };
    const { code, out } = await run('webhook-info.ts', { env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot } });
    expect(code, out).toBe(0);
    expect(calls.map((c) => c.path)).toEqual([`/bot${TOKEN}/getWebhookInfo`]);
    expect(out).toContain('"pending_update_count": 3');
    expect(out).not.toContain(TOKEN);
  });
});
