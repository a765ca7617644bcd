/**
 * Which table an admin command reads, and the client to read it with.
 *
 * - `--table` (else NUDGE_TABLE_NAME, else the local table name from `schema/`);
 * - `--endpoint` (else DYNAMODB_ENDPOINT; else, when no table name was given at all, the running
 *   local mode on 127.0.0.1:NUDGE_DYNAMO_PORT);
 * - a table name without an endpoint means AWS, through the SDK's default credential chain and region.
 */
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigError, integer, optionalString, type Env } from '../core/config/env.ts';
import { readDueShards } from '../core/config/due-shards.ts';
import type { Log } from '../core/log.ts';
import type { AdminStore } from '../core/store/consumer-ports.ts';
import { DynamoDbAdminTable, DynamoDbReminderStore, recordedDueShards } from '../adapters/dynamodb/index.ts';
import { DEFAULT_DUE_SHARDS, TABLE } from '../schema/index.ts';
import { EndpointUnreachableError, isUnreachable, TableNotFoundError, UsageError } from './admin-errors.ts';

export interface AdminTarget {
  tableName: string;
  /** Absent on AWS: the SDK finds the regional endpoint. */
  endpoint?: string;
  /** The endpoint is this machine (local mode, dynalite, DynamoDB Local): fixed credentials, "is npm start running?" hints. */
  local: boolean;
  /** Where the table name and endpoint came from, for `--json` and error messages. */
  source: 'local-mode' | 'endpoint' | 'aws';
  region?: string;
  /** `NUDGE_DUE_SHARDS` when set, read as every runtime reads it (#12 item 1). */
  dueShards?: number;
}

export interface OpenTarget {
  target: AdminTarget;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  store: AdminStore;
  /** The admin reads (sparse index partitions, batch gets), metering what they read. */
  admin: DynamoDbAdminTable;
  /** Shards of the due index: as the table records them, else $NUDGE_DUE_SHARDS (default 16). */
  dueShards: number;
  close(): void;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Works out the target from the flags and the environment; UsageError for a malformed endpoint or port. */
export function resolveTarget(flags: { table?: string; endpoint?: string }, env: Env): AdminTarget {
  const flagTable = flags.table?.trim();
  if (flags.table !== undefined && !flagTable) throw new UsageError('--table needs a table name.');
  const tableName = flagTable ?? optionalString(env, 'NUDGE_TABLE_NAME');
  let endpoint = flags.endpoint?.trim() || (flags.endpoint === undefined ? optionalString(env, 'DYNAMODB_ENDPOINT') : undefined);
  if (flags.endpoint !== undefined && !endpoint) throw new UsageError('--endpoint needs a URL such as http://127.0.0.1:8084.');
  let source: AdminTarget['source'] = endpoint ? 'endpoint' : 'aws';
  if (!endpoint && tableName === undefined) {
    let port: number;
    try {
      port = integer(env, 'NUDGE_DYNAMO_PORT', 8084, { min: 1, max: 65_535 });
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message, { cause: error });
      throw error;
    }
    endpoint = `http://127.0.0.1:${port}`;
    source = 'local-mode';
  }
  const region = optionalString(env, 'AWS_REGION') ?? optionalString(env, 'AWS_DEFAULT_REGION');
  let dueShards: number | undefined;
  try {
    dueShards = readDueShards(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
  const shards = dueShards !== undefined ? { dueShards } : {};
  if (!endpoint) return { tableName: tableName ?? TABLE.localName, local: false, source, ...(region ? { region } : {}), ...shards };
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`endpoint "${endpoint}" is not a URL; use one like http://127.0.0.1:8084.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`endpoint "${endpoint}" must start with http:// or https://.`);
  const local = LOOPBACK_HOSTS.has(url.hostname);
  return { tableName: tableName ?? TABLE.localName, endpoint: endpoint.replace(/\/+$/, ''), local, source, ...(region ? { region } : {}), ...shards };
}

/**
 * Builds the clients and checks the table is there (DescribeTable) before any command reads it, so the
 * first thing an admin sees for a wrong target is a sentence, not a half-printed report.
 */
export async function openTarget(target: AdminTarget, log: Log, dueShards: number = DEFAULT_DUE_SHARDS): Promise<OpenTarget> {
  const client = new DynamoDBClient({
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    // Local servers accept any signature; fixed keys keep the SDK from hunting for (or using) real ones.
    ...(target.local ? { region: target.region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    // A black-holed endpoint would otherwise hang the command for minutes.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 20_000 },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const close = () => client.destroy();
  try {
    await checkTable(client, target);
  } catch (error) {
    close();
    throw error;
  }
  // The count the table records (what the runtimes on it write and sweep with) comes first: fewer would miss
  // reminders in the higher shards, more would write rows into shards the running sweeper never reads.
  // NUDGE_DUE_SHARDS (read as every runtime reads it) only for a table no runtime has started on yet.
  let recorded: number | undefined;
  try {
    recorded = await recordedDueShards(doc, target.tableName);
  } catch (error) {
    close();
    throw error;
  }
  const shards = recorded ?? target.dueShards ?? dueShards;
  const store = new DynamoDbReminderStore({ client: doc, tableName: target.tableName, log, dueShards: shards });
  return { target, client, doc, store, admin: new DynamoDbAdminTable(doc, target.tableName), dueShards: shards, close };
}

async function checkTable(client: DynamoDBClient, target: AdminTarget): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: target.tableName }));
  } catch (error) {
    if (isUnreachable(error)) throw new EndpointUnreachableError(target.endpoint ?? 'AWS', unreachableDetail(error), { cause: error });
    if (error instanceof ResourceNotFoundException) throw new TableNotFoundError(target.tableName, await knownTables(client, target), { cause: error });
    throw error;
  }
}

/** The tables a local server has, to suggest the right name; not asked of AWS (it needs another permission). */
async function knownTables(client: DynamoDBClient, target: AdminTarget): Promise<string[] | undefined> {
  if (!target.local) return undefined;
  try {
    return (await client.send(new ListTablesCommand({ Limit: 20 }))).TableNames ?? [];
  } catch {
    return undefined;
  }
}

function unreachableDetail(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'no answer';
}
