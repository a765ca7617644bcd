import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** What the sweeper (or any code under test) asked of DynamoDB, counted at the SDK client. */
export interface DynamoUsage {
  requests: number;
  byCommand: Record<string, number>;
  /** Items DynamoDB read: Query/Scan ScannedCount, GetItem 1 when found, BatchGet items returned. */
  itemsRead: number;
  /** Base-table items written (put, update, delete), one per item. */
  itemsWritten: number;
  /** Read request units as the server reported them (0.5 per 4 KB for an eventually consistent read, 1 for strong). */
  readUnits: number;
  /** Read units as billed: DynamoDB charges every read request at least 0.5 RRU, even one that finds nothing. */
  billedReadUnits: number;
  /**
   * Write request units: base table as the server reported them (1 per KB of the larger of old and new item)
   * plus index writes — the server's own per-index figures where it reports them (DynamoDB Local, like AWS),
   * else counted from the request (dynalite reports the base table only).
   */
  writeUnits: number;
  /** Due-index entries written or removed (each ≥ 1 WRU; its projected items are far below 1 KB). */
  indexWrites: number;
  /** Conditional writes refused (ConditionalCheckFailed): billed like a write, so counted in `writeUnits` at 1 each. */
  failedConditionalWrites: number;
  /** Claim attempts (updates that set a claim token), won or lost: what racing sweepers multiply. */
  claimWrites: number;
}

export interface DynamoMeter {
  snapshot(): DynamoUsage;
  reset(): void;
}

type Input = Record<string, unknown> & { ReturnConsumedCapacity?: string; UpdateExpression?: string; Item?: Record<string, unknown>; Key?: Record<string, unknown>; TableName?: string };
type Capacity = {
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
  LocalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
};
type Output = Record<string, unknown> & {
  ConsumedCapacity?: Capacity | Capacity[];
  ScannedCount?: number;
  Count?: number;
  Item?: unknown;
  Responses?: Record<string, unknown[]>;
};

/**
 * The table's indexes by the attributes that key them: the due GSI, and the list LSI (keys only). The due
 * index also projects `status`, `dueAt` and `chatId`: an update that sets one of them rewrites the row's
 * entry in place (1 write) even when its keys stay, so it is counted too — whether or not the value really
 * changed, which may over-count by one, never under-count.
 */
const INDEXES: ReadonlyArray<{ attributes: readonly string[]; pattern: RegExp; projected?: RegExp }> = [
  { attributes: ['duePk', 'dueSk'], pattern: /\b(duePk|dueSk)\b|#dueSk|#duePk/, projected: /#status\b|\bdueAt\b|\bchatId\b/ },
  { attributes: ['listSk'], pattern: /\blistSk\b|#listSk/ },
];

function emptyUsage(): DynamoUsage {
  return { requests: 0, byCommand: {}, itemsRead: 0, itemsWritten: 0, readUnits: 0, billedReadUnits: 0, writeUnits: 0, indexWrites: 0, failedConditionalWrites: 0, claimWrites: 0 };
}

function units(consumed: Output['ConsumedCapacity']): number {
  if (!consumed) return 0;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

/**
 * A write's units split into the base table and its indexes, as the server reported them (asked with
 * ReturnConsumedCapacity=INDEXES). DynamoDB Local, like AWS, includes index units in the total and lists
 * them per index; dynalite reports the table only (`indexes` undefined: the meter counts them itself).
 * Counting the request's index writes on top of a total that already holds them counted them twice.
 */
function writeUnitsOf(consumed: Output['ConsumedCapacity']): { table: number; indexes: number | undefined } {
  const entry = Array.isArray(consumed) ? consumed[0] : consumed;
  if (!entry) return { table: 0, indexes: undefined };
  const perIndex = [...Object.values(entry.GlobalSecondaryIndexes ?? {}), ...Object.values(entry.LocalSecondaryIndexes ?? {})];
  const table = entry.Table?.CapacityUnits ?? entry.CapacityUnits ?? 0;
  if (entry.GlobalSecondaryIndexes === undefined && entry.LocalSecondaryIndexes === undefined) {
    // Without a breakdown, anything above the table's own share is index units the server counted.
    const total = entry.CapacityUnits ?? table;
    return { table, indexes: total > table ? total - table : undefined };
  }
  return { table, indexes: perIndex.reduce((sum, index) => sum + (index.CapacityUnits ?? 0), 0) };
}

/**
 * Index writes a request causes, read from the request itself (dynalite reports base-table
 * capacity only), for each index: a put carrying its keys adds an entry; an update that sets the keys
 * moves the entry (remove + add); one that removes them drops it; deleting a reminder row drops its entries.
 */
function indexWritesOf(command: string, input: Input): number {
  return INDEXES.reduce((sum, index) => sum + writesToIndex(command, input, index), 0);
}

function writesToIndex(command: string, input: Input, index: (typeof INDEXES)[number]): number {
  if (command === 'PutItemCommand') return input.Item && index.attributes.some((name) => name in input.Item!) ? 1 : 0;
  if (command === 'UpdateItemCommand') {
    const expression = input.UpdateExpression ?? '';
    const [setPart = '', removePart = ''] = expression.split(/\bREMOVE\b/i);
    const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const touches = (part: string) => index.pattern.test(part) || Object.entries(names).some(([alias, name]) => index.attributes.includes(name) && part.includes(alias));
    if (touches(removePart)) return 1;
    if (touches(setPart)) return 2;
    // Only reminder rows carry the due index's keys; other items (settings, counters) have no entry to rewrite.
    return index.projected?.test(setPart) && skText(input)?.startsWith('REMINDER#') ? 1 : 0;
  }
  if (command === 'DeleteItemCommand') return skText(input)?.startsWith('REMINDER#') ? 1 : 0;
  return 0;
}

function skText(input: Input): string | undefined {
  const sk = input.Key?.sk;
  return typeof sk === 'string' ? sk : (sk as { S?: string } | undefined)?.S;
}

function itemsReadOf(command: string, output: Output): number {
  if (command === 'QueryCommand' || command === 'ScanCommand') return output.ScannedCount ?? output.Count ?? 0;
  if (command === 'GetItemCommand') return output.Item ? 1 : 0;
  if (command === 'BatchGetItemCommand') return Object.values(output.Responses ?? {}).reduce((sum, items) => sum + items.length, 0);
  return 0;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
const READS = new Set(['QueryCommand', 'ScanCommand', 'GetItemCommand']);

/**
 * Counts every request sent through `client` (and document clients built on it): a middleware asks the
 * server for ReturnConsumedCapacity=INDEXES — the code under test is unchanged — and tallies requests,
 * items and request units. Commands that already ask for capacity keep their setting.
 *
 * @example
 * const meter = attachDynamoMeter(client);
 * await sweep(deps, options);
 * console.log(meter.snapshot().readUnits);
 */
export function attachDynamoMeter(client: DynamoDBClient): DynamoMeter {
  let usage = emptyUsage();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName ?? 'unknown');
      const input = args.input as Input;
      if (input.ReturnConsumedCapacity === undefined && command !== 'BatchWriteItemCommand' && command !== 'CreateTableCommand' && command !== 'DescribeTableCommand') {
        // INDEXES: the total plus the table's and each index's share, where the server reports them.
        input.ReturnConsumedCapacity = 'INDEXES';
      }
      if (command === 'UpdateItemCommand' && /\bclaimToken\s*=/.test(input.UpdateExpression ?? '')) usage.claimWrites++;
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } catch (error) {
        // A refused conditional write is billed (at least 1 WRU) although it returns no capacity.
        if (WRITES.has(command) && (error as { name?: string }).name === 'ConditionalCheckFailedException') {
          usage.requests++;
          usage.byCommand[command] = (usage.byCommand[command] ?? 0) + 1;
          usage.failedConditionalWrites++;
          usage.writeUnits += 1;
        }
        throw error;
      }
      const output = result.output as unknown as Output;
      usage.requests++;
      usage.byCommand[command] = (usage.byCommand[command] ?? 0) + 1;
      usage.itemsRead += itemsReadOf(command, output);
      const consumed = units(output.ConsumedCapacity);
      if (WRITES.has(command)) {
        const reported = writeUnitsOf(output.ConsumedCapacity);
        const indexWrites = reported.indexes ?? indexWritesOf(command, input);
        usage.itemsWritten++;
        usage.indexWrites += indexWrites;
        usage.writeUnits += reported.table + indexWrites;
      } else if (READS.has(command)) {
        usage.readUnits += consumed;
        usage.billedReadUnits += Math.max(consumed, 0.5);
      }
      return result;
    },
    { step: 'initialize', name: 'nudgeBenchDynamoMeter', override: true },
  );
  return {
    snapshot: () => ({ ...usage, byCommand: { ...usage.byCommand } }),
    reset: () => {
      usage = emptyUsage();
    },
  };
}
