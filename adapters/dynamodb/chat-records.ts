// Per-chat records beside the reminders: settings, webhook dedupe markers, conversation turns, the delivery log.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ChatSettingsItem, ConversationTurnItem, DeliveryLogItem, keys, ProcessedUpdateItem } from '../../schema/index.ts';
import { InvalidReminderInputError, StoreError } from '../../core/store/errors.ts';
import type { ChatSettings, ConversationTurn, DeliveryLogEntry } from '../../core/store/port.ts';
import { newestDeliveryFirst } from '../../core/store/delivery-order.ts';
import { epochSeconds, isAlive, parseOrSkip, putUnlessAlive, parseOrThrow, queryAll, type StoreContext } from './store-context.ts';
import { checkChatId, checkDate, checkPositiveInteger, checkZone } from '../../core/store/validate-input.ts';

export async function getChatSettings(ctx: StoreContext, chatId: number): Promise<ChatSettings | undefined> {
  checkChatId(chatId);
  const { Item } = await ctx.client.send(
    new GetCommand({ TableName: ctx.tableName, Key: { pk: keys.chatPk(chatId), sk: keys.settingsSk }, ConsistentRead: true }),
  );
  return Item ? parseOrThrow(ChatSettingsItem, Item) : undefined;
}

export async function setChatTimezone(ctx: StoreContext, chatId: number, timezone: string, now: Date): Promise<ChatSettings> {
  checkChatId(chatId);
  checkZone(timezone, 'timezone');
  checkDate(now, 'now');
  return setChatSetting(ctx, chatId, 'timezone', timezone, now);
}

export async function setChatLanguage(ctx: StoreContext, chatId: number, language: string, now: Date): Promise<ChatSettings> {
  checkChatId(chatId);
  checkDate(now, 'now');
  if (!/^[a-z]{2,3}(?:-[a-z0-9]{2,4})?$/i.test(language)) throw new InvalidReminderInputError('language', 'language must be a short code such as "de"');
  return setChatSetting(ctx, chatId, 'language', language, now);
}

/** Creates the chat's settings item on first use (counter at zero) and sets one field on it. */
async function setChatSetting(ctx: StoreContext, chatId: number, field: 'timezone' | 'language', value: string, now: Date): Promise<ChatSettings> {
  const { Attributes } = await ctx.client.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: { pk: keys.chatPk(chatId), sk: keys.settingsSk },
      // `type`, `timezone` and `language` are DynamoDB reserved words, hence the aliases.
      UpdateExpression: 'SET #type = :type, chatId = :chatId, #field = :value, updatedAt = :now, shortIdCounter = if_not_exists(shortIdCounter, :zero)',
      ExpressionAttributeNames: { '#type': 'type', '#field': field },
      ExpressionAttributeValues: { ':type': 'settings', ':chatId': chatId, ':value': value, ':now': now.toISOString(), ':zero': 0 },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return parseOrThrow(ChatSettingsItem, Attributes ?? {});
}

export async function markUpdateProcessed(ctx: StoreContext, updateId: number, now: Date, ttlSeconds: number, chatId?: number): Promise<boolean> {
  checkUpdateId(updateId);
  checkDate(now, 'now');
  checkPositiveInteger(ttlSeconds, 'ttlSeconds');
  if (chatId !== undefined) checkChatId(chatId);
  const item: ProcessedUpdateItem = {
    pk: keys.updatePk(updateId),
    sk: keys.updateSk,
    type: 'update',
    updateId,
    chatId,
    processedAt: now.toISOString(),
    expiresAt: epochSeconds(now) + ttlSeconds,
  };
  return putUnlessAlive(ctx, item, now);
}

export async function isUpdateProcessed(ctx: StoreContext, updateId: number, now: Date): Promise<boolean> {
  checkUpdateId(updateId);
  checkDate(now, 'now');
  const { Item } = await ctx.client.send(
    new GetCommand({ TableName: ctx.tableName, Key: { pk: keys.updatePk(updateId), sk: keys.updateSk }, ConsistentRead: true }),
  );
  const marker = Item ? parseOrSkip(ctx, ProcessedUpdateItem, Item) : undefined;
  return marker !== undefined && isAlive(marker.expiresAt, now);
}

export async function appendTurn(ctx: StoreContext, chatId: number, turn: { role: 'user' | 'assistant'; content: string }, now: Date, ttlSeconds: number): Promise<void> {
  checkChatId(chatId);
  checkDate(now, 'now');
  checkPositiveInteger(ttlSeconds, 'ttlSeconds');
  if (turn.role !== 'user' && turn.role !== 'assistant') throw new InvalidReminderInputError('role', 'turn role must be user or assistant');
  if (typeof turn.content !== 'string') throw new InvalidReminderInputError('content', 'turn content must be a string');
  const at = now.toISOString();
  // Two turns in the same millisecond (a user line and the reply) must both survive and keep their
  // order: the sequence suffix is taken conditionally, next number on collision.
  for (let seq = 0; seq < 1000; seq++) {
    const item: ConversationTurn = {
      pk: keys.chatPk(chatId),
      sk: keys.turnSk(at, seq),
      type: 'turn',
      chatId,
      role: turn.role,
      content: turn.content,
      at,
      expiresAt: epochSeconds(now) + ttlSeconds,
    };
    try {
      await ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  throw new StoreError(`more than 1000 turns in chat ${chatId} at ${at}`);
}

export async function listTurns(ctx: StoreContext, chatId: number, now: Date, limit: number): Promise<ConversationTurn[]> {
  checkChatId(chatId);
  checkDate(now, 'now');
  checkPositiveInteger(limit, 'limit');
  const newestFirst = await queryAll(ctx,
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'expiresAt > :nowSeconds',
      ExpressionAttributeValues: { ':pk': keys.chatPk(chatId), ':prefix': keys.turnSkPrefix, ':nowSeconds': epochSeconds(now) },
      ScanIndexForward: false,
      ConsistentRead: true,
    },
    ConversationTurnItem,
    limit,
  );
  return newestFirst.slice(0, limit).reverse();
}

/**
 * Newest first, expired entries left out. Deliveries live in two places of the chat's partition: separate
 * log items (`SENT#…`, newest `limit` read by key order) and delivered one-time reminder rows (`REMINDER#…`
 * with `type: 'sent'`, read through a filter over the chat's reminder rows — tens, bounded by the chat's
 * own reminders and the log's TTL); the two are merged by sentAt.
 */
export async function listDeliveryLog(ctx: StoreContext, chatId: number, now: Date, limit = 50): Promise<DeliveryLogEntry[]> {
  checkChatId(chatId);
  checkDate(now, 'now');
  checkPositiveInteger(limit, 'limit');
  const [logItems, deliveredRows] = await Promise.all([
    queryAll(ctx,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'expiresAt > :nowSeconds',
        ExpressionAttributeValues: { ':pk': keys.chatPk(chatId), ':prefix': keys.sentSkPrefix, ':nowSeconds': epochSeconds(now) },
        ScanIndexForward: false,
      },
      DeliveryLogItem,
      limit,
    ),
    queryAll(ctx,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#type = :sent AND expiresAt > :nowSeconds',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':pk': keys.chatPk(chatId), ':prefix': keys.reminderSkPrefix, ':sent': DeliveryLogItem.shape.type.value, ':nowSeconds': epochSeconds(now) },
      },
      DeliveryLogItem,
    ),
  ]);
  return [...logItems.slice(0, limit), ...deliveredRows].sort(newestDeliveryFirst).slice(0, limit);
}

function checkUpdateId(updateId: number): void {
  if (!Number.isSafeInteger(updateId)) throw new InvalidReminderInputError('updateId', `update id must be a whole number, got ${String(updateId)}`);
}

