// The inbox and outbox of #12 on the one table: fixed partitions, a chat's items in order under its prefix.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { z } from 'zod';
import { InboxItem, OutboxItem, QUEUE_SHARDS, queueKeys, type QueueKind } from '../../schema/index.ts';
import { silentLog, type Log } from '../../core/log.ts';
import type { InboxEntry, KeptReply, OutboxEntry, ReplyOutbox, UpdateInbox } from '../../core/store/queue-port.ts';

/** Kept long after Telegram stops re-sending (24 h), only as housekeeping; nothing reads expiry to act. */
const KEEP_SECONDS = 7 * 24 * 3600;

export interface WorkQueueOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  log?: Log;
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

class QueueTable {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    readonly log: Log,
  ) {}

  async query<T>(kind: QueueKind, pk: string, prefix: string | undefined, schema: z.ZodType<T>): Promise<T[]> {
    const out: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':prefix': prefix } : {}) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const raw of page.Items ?? []) {
        const parsed = schema.safeParse(raw);
        if (parsed.success) out.push(parsed.data);
        else this.log.warn(`skipping corrupt ${kind.toLowerCase()} item`, { pk: raw.pk, sk: raw.sk });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  async chats(kind: QueueKind, schema: z.ZodType<{ chatId: number }>): Promise<number[]> {
    const shards = await Promise.all(Array.from({ length: QUEUE_SHARDS }, (_, shard) => this.query(kind, queueKeys.shardPk(kind, shard), undefined, schema)));
    return [...new Set(shards.flat().map((item) => item.chatId))];
  }
}

/** Durable Telegram updates (see {@link UpdateInbox}). */
export class DynamoDbUpdateInbox implements UpdateInbox {
  private readonly table: QueueTable;

  constructor(options: WorkQueueOptions) {
    this.table = new QueueTable(options.client, options.tableName, options.log ?? silentLog);
  }

  async accept(chatId: number, update: { update_id: number } & Record<string, unknown>, now: Date): Promise<boolean> {
    const item: InboxItem = {
      pk: queueKeys.pk('INBOX', chatId),
      sk: queueKeys.inboxSk(chatId, update.update_id),
      type: 'inbox',
      chatId,
      updateId: update.update_id,
      update,
      receivedAt: now.toISOString(),
      attempts: 0,
      expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
    };
    try {
      await this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  waiting(chatId: number): Promise<InboxEntry[]> {
    return this.table.query('INBOX', queueKeys.pk('INBOX', chatId), queueKeys.chatPrefix(chatId), InboxItem);
  }

  chatsWaiting(): Promise<number[]> {
    return this.table.chats('INBOX', InboxItem);
  }

  async take(entry: InboxEntry, token: string, leaseMs: number, now: Date, takeOver = false): Promise<InboxEntry | undefined> {
    try {
      const out = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { pk: entry.pk, sk: entry.sk },
          // Free, or its holder's lease ran out (a crashed worker); `takeOver` skips the wait after a restart.
          ConditionExpression: takeOver ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
          UpdateExpression: 'SET leaseUntil = :until, leaseToken = :token, attempts = attempts + :one',
          ExpressionAttributeValues: {
            ':until': new Date(now.getTime() + leaseMs).toISOString(),
            ':token': token,
            ':one': 1,
            ...(takeOver ? {} : { ':now': now.toISOString() }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return InboxItem.parse(out.Attributes);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async finish(entry: InboxEntry, token: string): Promise<void> {
    try {
      await this.table.client.send(
        new DeleteCommand({ TableName: this.table.tableName, Key: { pk: entry.pk, sk: entry.sk }, ConditionExpression: 'leaseToken = :token', ExpressionAttributeValues: { ':token': token } }),
      );
    } catch (error) {
      // Someone took it over after our lease ran out: it is theirs to finish.
      if (!isConditionFailure(error)) throw error;
    }
  }
}

/** Replies kept until Telegram takes them (see {@link ReplyOutbox}). */
export class DynamoDbReplyOutbox implements ReplyOutbox {
  private readonly table: QueueTable;

  constructor(
    options: WorkQueueOptions,
    private readonly newId: () => string = ulid,
  ) {
    this.table = new QueueTable(options.client, options.tableName, options.log ?? silentLog);
  }

  async keep(chatId: number, reply: KeptReply, now: Date, nextAttemptAt: Date, error: string): Promise<OutboxEntry> {
    const at = now.toISOString();
    const item: OutboxItem = {
      pk: queueKeys.pk('OUTBOX', chatId),
      sk: queueKeys.outboxSk(chatId, at, this.newId()),
      type: 'outbox',
      chatId,
      text: reply.text,
      ...(reply.buttons ? { buttons: reply.buttons as unknown as OutboxItem['buttons'] } : {}),
      createdAt: at,
      nextAttemptAt: nextAttemptAt.toISOString(),
      attempts: 1,
      lastError: error.slice(0, 500),
      expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
    };
    await this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return item;
  }

  waiting(chatId: number): Promise<OutboxEntry[]> {
    return this.table.query('OUTBOX', queueKeys.pk('OUTBOX', chatId), queueKeys.chatPrefix(chatId), OutboxItem);
  }

  chatsWaiting(): Promise<number[]> {
    return this.table.chats('OUTBOX', OutboxItem);
  }

  async take(entry: OutboxEntry, leaseMs: number, now: Date): Promise<OutboxEntry | undefined> {
    try {
      const out = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { pk: entry.pk, sk: entry.sk },
          // Due, and not moved since read: two drainers (agent and sweeper) never both send it.
          ConditionExpression: 'nextAttemptAt <= :now AND nextAttemptAt = :asRead',
          UpdateExpression: 'SET nextAttemptAt = :until, attempts = attempts + :one',
          ExpressionAttributeValues: { ':now': now.toISOString(), ':asRead': entry.nextAttemptAt, ':until': new Date(now.getTime() + leaseMs).toISOString(), ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return OutboxItem.parse(out.Attributes);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async postpone(entry: OutboxEntry, nextAttemptAt: Date, error: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { pk: entry.pk, sk: entry.sk },
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression: 'SET nextAttemptAt = :at, lastError = :error',
        ExpressionAttributeValues: { ':at': nextAttemptAt.toISOString(), ':error': error.slice(0, 500) },
      }),
    ).catch((e: unknown) => {
      if (!isConditionFailure(e)) throw e;
    });
  }

  async remove(entry: OutboxEntry): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.tableName, Key: { pk: entry.pk, sk: entry.sk } }));
  }
}
