import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, MemoryMarkerItem } from '../../schema/index.ts';
import type { MemoryControl } from '../../core/memory/port.ts';

/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;

/** Memory control on the one table: deletes `TURN#…` items, keeps the /new marker at `CHAT#<id> / MEMORY`. */
export function createDynamoDbMemoryControl(options: { client: DynamoDBDocumentClient; tableName: string }): MemoryControl {
  const { client, tableName } = options;
  const pk = (chatId: number) => keys.chatPk(chatId);

  async function turnKeys(chatId: number, newestOnly: boolean): Promise<string[]> {
    const out: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk(chatId), ':prefix': keys.turnSkPrefix },
          ProjectionExpression: 'sk',
          ScanIndexForward: !newestOnly,
          ConsistentRead: true,
          ...(newestOnly ? { Limit: 1 } : {}),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) out.push(String(item.sk));
      startKey = newestOnly ? undefined : page.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  return {
    async forget(chatId) {
      const sks = await turnKeys(chatId, false);
      for (let i = 0; i < sks.length; i += BATCH) {
        let requests: Record<string, unknown[]> | undefined = {
          [tableName]: sks.slice(i, i + BATCH).map((sk) => ({ DeleteRequest: { Key: { pk: pk(chatId), sk } } })),
        };
        // Unprocessed items come back under load; a bounded retry keeps /forget honest about what it deleted.
        for (let attempt = 0; requests && Object.keys(requests).length > 0 && attempt < 5; attempt++) {
          const out = await client.send(new BatchWriteCommand({ RequestItems: requests as never }));
          requests = out.UnprocessedItems as Record<string, unknown[]> | undefined;
          if (requests && Object.keys(requests).length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        }
        if (requests && Object.keys(requests).length > 0) throw new Error('some conversation turns could not be deleted');
      }
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: pk(chatId), sk: keys.memorySk } }));
      return sks.length;
    },
    async startNew(chatId, now) {
      const [newest] = await turnKeys(chatId, true);
      const item: MemoryMarkerItem = {
        pk: pk(chatId),
        sk: 'MEMORY',
        type: 'memory',
        chatId,
        // No turns yet: every future turn sorts after the bare prefix.
        afterSk: newest ?? keys.turnSkPrefix,
        startedAt: now.toISOString(),
      };
      await client.send(new PutCommand({ TableName: tableName, Item: item }));
    },
    async conversationStart(chatId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: pk(chatId), sk: keys.memorySk }, ConsistentRead: true }));
      const parsed = Item ? MemoryMarkerItem.safeParse(Item) : undefined;
      return parsed?.success ? parsed.data.afterSk : undefined;
    },
  };
}
