import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EmailCodeItem, keys, VerifiedEmailItem } from '../../schema/index.ts';
import type { EmailBook } from '../../core/email/port.ts';

const epoch = (now: Date) => Math.floor(now.getTime() / 1000);

/** The chat's e-mail records on the one table (`EMAIL#…`, `EMAILCODE`, `EMAILCOUNT#<day>` under `CHAT#<id>`). */
export function createDynamoDbEmailBook(options: { client: DynamoDBDocumentClient; tableName: string }): EmailBook {
  const { client, tableName: TableName } = options;
  const pk = (chatId: number) => keys.chatPk(chatId);
  return {
    async listVerified(chatId) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk(chatId), ':prefix': keys.emailSkPrefix },
          ConsistentRead: true,
        }),
      );
      return Items.flatMap((raw) => {
        const parsed = VerifiedEmailItem.safeParse(raw);
        return parsed.success ? [{ address: parsed.data.address, label: parsed.data.label, verifiedAt: parsed.data.verifiedAt }] : [];
      });
    },
    async addVerified(chatId, entry, now) {
      const item: VerifiedEmailItem = { pk: pk(chatId), sk: keys.emailSk(entry.address), type: 'email', chatId, ...entry, verifiedAt: now.toISOString() };
      await client.send(new PutCommand({ TableName, Item: item }));
    },
    async removeVerified(chatId, address) {
      const { Attributes } = await client.send(new DeleteCommand({ TableName, Key: { pk: pk(chatId), sk: keys.emailSk(address) }, ReturnValues: 'ALL_OLD' }));
      return Attributes !== undefined;
    },
    async putPendingCode(chatId, pending, now) {
      const item: EmailCodeItem = { pk: pk(chatId), sk: 'EMAILCODE', type: 'email-code', chatId, ...pending, attempts: 0, createdAt: now.toISOString() };
      await client.send(new PutCommand({ TableName, Item: item }));
    },
    async getPendingCode(chatId, now) {
      const { Item } = await client.send(new GetCommand({ TableName, Key: { pk: pk(chatId), sk: keys.emailCodeSk }, ConsistentRead: true }));
      const parsed = Item ? EmailCodeItem.safeParse(Item) : undefined;
      if (!parsed?.success) return undefined;
      const { address, label, codeHash, attempts, expiresAt } = parsed.data;
      // TTL deletion lags by days: expiry is decided here, not by the item's absence.
      return { address, label, codeHash, attempts, expiresAt, expired: expiresAt <= epoch(now) };
    },
    async countWrongCode(chatId) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: pk(chatId), sk: keys.emailCodeSk },
            UpdateExpression: 'ADD attempts :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Number(Attributes?.attempts ?? 0);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return Number.POSITIVE_INFINITY;
        throw error;
      }
    },
    async deletePendingCode(chatId) {
      await client.send(new DeleteCommand({ TableName, Key: { pk: pk(chatId), sk: keys.emailCodeSk } }));
    },
    async takeSend(chatId, day, limit, now) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: pk(chatId), sk: keys.emailCountSk(day) },
            // Conditional ADD: two concurrent sends at count = limit - 1 cannot both pass.
            UpdateExpression: 'SET #type = :type, chatId = :chatId, #day = :day, expiresAt = :expires ADD #count :one',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: { '#type': 'type', '#day': 'day', '#count': 'count' },
            ExpressionAttributeValues: { ':type': 'email-count', ':chatId': chatId, ':day': day, ':expires': epoch(now) + 3 * 24 * 3600, ':one': 1, ':limit': limit },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
