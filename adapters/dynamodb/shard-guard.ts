import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_DUE_SHARDS } from '../../schema/index.ts';

/** The table's own record of the most due-index shards any runtime has written with. */
export const DUE_SHARDS_KEY = { pk: 'META', sk: 'DUE_SHARDS' } as const;

/** A runtime was configured with fewer shards than the table's rows are spread over. */
export class DueShardsShrunkError extends Error {
  constructor(
    readonly configured: number,
    readonly recorded: number,
    options?: { cause?: unknown },
  ) {
    super(
      `NUDGE_DUE_SHARDS (dueShards) is ${configured}, but this table's reminders are spread over ${recorded} shards: ` +
        `the sweeper would never see those in shards ${configured}–${recorded - 1}. Use ${recorded} or more (shards may grow, never shrink).`,
      options,
    );
    this.name = 'DueShardsShrunkError';
  }
}

/**
 * Records `dueShards` on the table (growing the record when it grows) and refuses to start with fewer
 * than any runtime has used: rows keep the shard they were written to, so growing loses nothing and
 * shrinking would hide rows from the sweeper. One conditional write per start.
 *
 * @example
 * await guardDueShards(doc, tableName, config.dueShards ?? DEFAULT_DUE_SHARDS, new Date());
 */
export async function guardDueShards(client: DynamoDBDocumentClient, tableName: string, dueShards: number = DEFAULT_DUE_SHARDS, now: Date = new Date()): Promise<void> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: DUE_SHARDS_KEY,
        ConditionExpression: 'attribute_not_exists(dueShards) OR dueShards <= :n',
        UpdateExpression: 'SET dueShards = :n, #type = :type, updatedAt = :now',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':n': dueShards, ':type': 'meta', ':now': now.toISOString() },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const recorded = await client.send(new GetCommand({ TableName: tableName, Key: DUE_SHARDS_KEY, ConsistentRead: true }));
    throw new DueShardsShrunkError(dueShards, Number(recorded.Item?.dueShards ?? DEFAULT_DUE_SHARDS), { cause: error });
  }
}

/**
 * The shard count the table records (undefined when no runtime has started on it yet). For readers that
 * do not guard, such as the admin CLI: run without NUDGE_DUE_SHARDS they still look in every shard used.
 */
export async function recordedDueShards(client: DynamoDBDocumentClient, tableName: string): Promise<number | undefined> {
  const out = await client.send(new GetCommand({ TableName: tableName, Key: DUE_SHARDS_KEY, ConsistentRead: true }));
  const recorded = Number(out.Item?.dueShards);
  return Number.isInteger(recorded) && recorded >= 1 ? recorded : undefined;
}
