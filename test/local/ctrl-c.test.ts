import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatUser } from './chat-user.ts';

// `node --import tsx local/start.ts` is what `npm start` runs (npm itself exits 130 on a terminal
// Ctrl-C whatever its child does, so the test runs the script's command directly).
const REPO = resolve(import.meta.dirname, '../..');
const PORT_VARS = ['NUDGE_CHAT_PORT', 'NUDGE_AGENT_PORT', 'NUDGE_WEBHOOK_PORT', 'NUDGE_TELEGRAM_PORT', 'NUDGE_DYNAMO_PORT'] as const;

/** Free ports on 127.0.0.1, distinct from the defaults (8080–8084) and from each other. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      return server;
    }),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts local mode as its own process group, as a terminal would, and waits for the banner. */
async function startNudge(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const deadline = Date.now() + 30_000;
  while (!text.includes('Ctrl-C stops Nudge')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no banner; output:\n${text}`);
    await new Promise((done) => setTimeout(done, 50));
  }
  return { child, output: () => text, exited };
}

let dataDir: string;
let running: Running | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'nudge-local-ctrl-c-'));
});
afterEach(async () => {
  // A failed assertion must not leave a Nudge behind.
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    process.kill(-running.child.pid!, 'SIGKILL');
    await running.exited;
  }
  running = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start and Ctrl-C', () => {
  it('stops cleanly when one Ctrl-C reaches the process group twice, quietly, and starts again', async () => {
    // Prepare: own data folder and non-default ports; a fast sweeper so a sweep is waiting on the
    // reminder's second when the signal comes, as well as the reminder's own timer.
    const ports = await freePorts(PORT_VARS.length);
    const env: Record<string, string> = { NUDGE_DATA_DIR: dataDir, NUDGE_SWEEP_INTERVAL_MS: '1000' };
    PORT_VARS.forEach((name, i) => (env[name] = String(ports[i])));
    running = await startNudge(env);
    expect(running.output()).toContain(`http://127.0.0.1:${env.NUDGE_CHAT_PORT}`);
    await expect(stat(join(dataDir, 'nudge.lock'))).resolves.toBeDefined();
    const user = new ChatUser(`http://127.0.0.1:${env.NUDGE_TELEGRAM_PORT}`, 1001);
    expect((await user.ask('remind me in 50 seconds to stretch', 10_000)).text).toMatch(/stretch/);
    await new Promise((done) => setTimeout(done, 1_500)); // let a sweep pick the row up and wait on it

    // Act: what a terminal does on Ctrl-C, with a forwarding parent's copy right behind it.
    const pid = running.child.pid!;
    process.kill(-pid, 'SIGINT');
    await new Promise((done) => setTimeout(done, 20));
    process.kill(-pid, 'SIGINT');
    const exit = await running.exited;

    // Assess
    const output = running.output();
    expect(exit, output).toEqual({ code: 0, signal: null });
    expect(output).toContain('Stopped.');
    expect(output).not.toContain('Stopping at once');
    // Stopping is not an error: no error or warning lines, no StackStoppingError.
    expect(output).not.toMatch(/^\d\d:\d\d:\d\d (error|warn) /m);
    expect(output).not.toContain('StackStoppingError');
    await expect(stat(join(dataDir, 'nudge.lock'))).rejects.toMatchObject({ code: 'ENOENT' });

    // Act: a restart on the same folder and ports.
    running = await startNudge(env);
    const list = await user.ask('/list', 10_000);
    process.kill(-running.child.pid!, 'SIGINT');
    const again = await running.exited;

    // Assess: it came up (ports and lock free), kept the reminder, and stopped cleanly once more.
    expect(list.text).toMatch(/stretch/);
    expect(again, running.output()).toEqual({ code: 0, signal: null });
    await expect(stat(join(dataDir, 'nudge.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);
});
