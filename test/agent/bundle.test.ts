import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REQUIRE_SHIM_BANNER } from '../../infra/esm-banner.ts';
import { startBackends, TOKEN, type Backends } from './harness.ts';

// The deploy artifact: agent/main.ts bundled into one file by esbuild (no node_modules beside it),
// started as its own process with env config only, answering /ping and /invocations.

let backends: Backends;
let dir: string;

beforeAll(async () => {
  backends = await startBackends();
  dir = await mkdtemp(join(tmpdir(), 'nudge-agent-bundle-'));
});
afterAll(async () => {
  await backends?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('bundles to a single ESM file that serves the contract', async () => {
  // Prepare: bundle the way the deploy does (ESM needs `require` for CommonJS dependencies' builtins).
  const outfile = join(dir, 'main.mjs');
  await build({
    entryPoints: ['agent/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile,
    // The deploy's own banner: a dependency's `import { createRequire }` must not collide with it.
    banner: { js: REQUIRE_SHIM_BANNER },
    logLevel: 'silent',
  });
  const tableName = await backends.dynamo.newTable('bundle');
  const child = spawn(process.execPath, [outfile], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      NUDGE_TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: backends.dynamo.endpoint,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: backends.standIn.apiRoot,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`agent did not start:\n${output}`)), 15_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`agent exited ${code}:\n${output}`)));
    });

    // Act
    const ping = await (await fetch(`${url}/ping`)).json();
    backends.standIn.userSend(501, '/help');
    const update = await backends.nextUpdate();
    const accepted = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'telegram_update', update }) });
    const deadline = Date.now() + 10_000;
    while (backends.standIn.sentMessages(501).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    // Assess
    expect(ping).toMatchObject({ status: 'Healthy' });
    expect(accepted.status).toBe(200);
    expect(String(backends.standIn.sentMessages(501)[0]?.text), output).toMatch(/^Here is what I understand:/);
    expect(output).not.toContain(TOKEN);
  } finally {
    // SIGTERM drains queued work (the reply is sent before the exchange is written to memory):
    // wait for the exit so that write never lands on a database afterAll has already closed.
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
});
