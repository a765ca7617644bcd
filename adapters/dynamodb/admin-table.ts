// The admin reads on DynamoDB: sparse-index partitions, batch gets, and a meter of items read.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE, type SweepStatusItem } from '../../schema/index.ts';
import type { AdminTable, IndexEntry, ItemKey, KeyRange, ReadMeter } from '../../core/admin/port.ts';

const BATCH_GET_LIMIT = 100;
const BATCH_GET_TRIES = 5;

/**
 * @example
 * const table = new DynamoDbAdminTable(doc, 'nudge');
 * const failed = await table.queryIndex(keys.failedPk, {}, { newestFirst: true, limit: 50 });
 * console.log(table.reads); // { items: 3, requests: 1 }
 */
export class DynamoDbAdminTable implements AdminTable {
  readonly reads: ReadMeter = { items: 0, requests: 0 };

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async queryIndex(partition: string, range: KeyRange, options: { limit?: number; newestFirst?: boolean } = {}): Promise<IndexEntry[]> {
    const items = await this.query({ IndexName: TABLE.dueIndex.name, ...keyCondition('duePk', partition, 'dueSk', range) }, options);
    return items as unknown as IndexEntry[];
  }

  async countIndex(partition: string, range: KeyRange): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ TableName: this.tableName, IndexName: TABLE.dueIndex.name, ...keyCondition('duePk', partition, 'dueSk', range), Select: 'COUNT', ExclusiveStartKey: startKey }),
      );
      this.reads.requests++;
      this.reads.items += page.ScannedCount ?? page.Count ?? 0;
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  async getItems(keys: readonly ItemKey[]): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, { pk: k.pk, sk: k.sk }])).values()];
    for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
      let pending: Record<string, unknown>[] = unique.slice(i, i + BATCH_GET_LIMIT);
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > BATCH_GET_TRIES) throw new Error(`DynamoDB left ${pending.length} keys unprocessed after ${BATCH_GET_TRIES} tries`);
        const answer = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }));
        this.reads.requests++;
        const got = answer.Responses?.[this.tableName] ?? [];
        this.reads.items += got.length;
        out.push(...got);
        pending = (answer.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
    return out;
  }

  async getItem(key: ItemKey): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
    this.reads.requests++;
    if (Item) this.reads.items++;
    return Item;
  }

  queryPartition(pk: string, range: KeyRange, options: { limit?: number; newestFirst?: boolean } = {}): Promise<Record<string, unknown>[]> {
    return this.query({ ...keyCondition(TABLE.partitionKey, pk, TABLE.sortKey, range), ConsistentRead: true }, options);
  }

  async *scanAll(): AsyncIterable<Record<string, unknown>[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
      this.reads.requests++;
      this.reads.items += page.ScannedCount ?? 0;
      yield page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async putIfAbsent(item: Record<string, unknown> & ItemKey): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async putSweepStatus(item: SweepStatusItem): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>, options: { limit?: number; newestFirst?: boolean }): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ScanIndexForward: !options.newestFirst,
          ExclusiveStartKey: startKey,
          ...(Number.isFinite(limit) ? { Limit: limit - out.length } : {}),
        }),
      );
      this.reads.requests++;
      this.reads.items += page.ScannedCount ?? page.Count ?? 0;
      out.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey && out.length < limit);
    return out;
  }
}

function keyCondition(hashName: string, hash: string, rangeName: string, range: KeyRange): Pick<QueryCommandInput, 'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const names = { '#h': hashName, '#r': rangeName };
  const values: Record<string, unknown> = { ':h': hash };
  let condition = '#h = :h';
  if (range.from !== undefined && range.to !== undefined) {
    condition += ' AND #r BETWEEN :from AND :to';
    values[':from'] = range.from;
    values[':to'] = range.to;
  } else if (range.from !== undefined) {
    condition += ' AND #r >= :from';
    values[':from'] = range.from;
  } else if (range.to !== undefined) {
    condition += ' AND #r <= :to';
    values[':to'] = range.to;
  }
  // DynamoDB refuses names an expression does not use.
  return { KeyConditionExpression: condition, ExpressionAttributeNames: condition.includes('#r') ? names : { '#h': hashName }, ExpressionAttributeValues: values };
}
