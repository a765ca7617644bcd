import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../schema/index.ts';

// dynalite is CommonJS without type definitions; this is the slice of its API we use.
type DynaliteFactory = (options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;
const require = createRequire(import.meta.url);

export interface DynaliteOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Defaults to 127.0.0.1: the local server is never exposed beyond this machine. */
  host?: string;
  /** LevelDB folder to persist into; in-memory without it. One process per folder. */
  path?: string;
}

export interface RunningDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts an embedded DynamoDB-API server (dynalite) on 127.0.0.1.
 *
 * @example
 * const dynamo = await startDynalite({ path: '.data/dynamo' });
 * const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
 * await ensureTable(client, 'nudge');
 */
export async function startDynalite(options: DynaliteOptions = {}): Promise<RunningDynamo> {
  const dynalite = require('dynalite') as DynaliteFactory;
  // Table state changes are instant: ensureTable still waits for ACTIVE, it just never has to.
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        // SDK clients keep sockets alive; without this close() waits for them to time out.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/** The table (from `schema/`) and its due index exist and are ACTIVE on the other end of `client`. */
export async function ensureTable(client: DynamoDBClient, tableName: string, timeoutMs = 30_000): Promise<void> {
  if (!(await describeStatus(client, tableName))) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Another process created it between our describe and create: fine, wait for it below.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await describeStatus(client, tableName);
    if (status?.active) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} not ACTIVE after ${timeoutMs} ms (status ${status?.table ?? 'missing'})`);
    // Local servers flip to ACTIVE within a second; the SDK waiter's 20 s minimum delay is for AWS.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function describeStatus(client: DynamoDBClient, tableName: string): Promise<{ table: string; active: boolean } | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const table = Table?.TableStatus ?? 'UNKNOWN';
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    return { table, active: table === 'ACTIVE' && indexesActive };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
