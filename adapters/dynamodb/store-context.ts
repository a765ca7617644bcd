import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keys, ReminderItem } from '../../schema/index.ts';
import type { Log } from '../../core/log.ts';
import { CorruptItemError } from '../../core/store/errors.ts';
import type { Reminder } from '../../core/store/port.ts';

/** What every store operation needs: the table, its shard count, the id source and where to report corrupt rows. */
export interface StoreContext {
  client: DynamoDBDocumentClient;
  tableName: string;
  dueShards: number;
  newId: () => string;
  log: Log;
}

export function reminderKey(chatId: number, id: string): { pk: string; sk: string } {
  return { pk: keys.chatPk(chatId), sk: keys.reminderSk(id) };
}

/** A chat's live reminders (delivered rows, which are history now, left out). */
export function chatReminders(ctx: StoreContext, chatId: number): Promise<Reminder[]> {
  return queryAll(ctx,
    liveRemindersOnly({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.chatPk(chatId), ':prefix': keys.reminderSkPrefix },
      ConsistentRead: true,
    }),
    ReminderItem,
  );
}

/**
 * `isLiveReminderRow` as a query filter, for queries over `REMINDER#` keys: a delivered one-time reminder's
 * row is a delivery-log entry (`type: 'sent'`) until its TTL, and must not be read (nor reported as corrupt)
 * as a reminder. The filter runs on the server; the rows it drops are still read (and billed), which is
 * bounded by the chat's own rows.
 */
export function liveRemindersOnly<T extends Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>>(input: T): T {
  return {
    ...input,
    FilterExpression: input.FilterExpression ? `(${input.FilterExpression}) AND #liveType = :liveType` : '#liveType = :liveType',
    ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#liveType': 'type' },
    ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':liveType': LIVE_REMINDER_TYPE },
  };
}

/** The `type` that `isLiveReminderRow` accepts, for conditions and filters written in DynamoDB's words. */
export const LIVE_REMINDER_TYPE = ReminderItem.shape.type.value;

/** Every page of a base-table query, parsed; corrupt rows are reported and skipped. Stops once `enough` rows are in. */
export async function queryAll<T>(
  ctx: StoreContext,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  schema: z.ZodType<T>,
  enough = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const out: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.client.send(new QueryCommand({ ...input, TableName: ctx.tableName, ExclusiveStartKey: startKey }));
    for (const raw of page.Items ?? []) {
      const item = parseOrSkip(ctx, schema, raw);
      if (item !== undefined) out.push(item);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && out.length < enough);
  return out;
}

export function parseOrSkip<T>(ctx: StoreContext, schema: z.ZodType<T>, raw: Record<string, unknown>): T | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  ctx.log.warn('skipping corrupt item', { pk: raw.pk, sk: raw.sk, issues: z.prettifyError(parsed.error) });
  return undefined;
}

/** One line naming each bad field ("chatId: Invalid input: expected number, received string; status: …"), for stored reasons. */
export function zodSummary(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(item)'}: ${issue.message}`).join('; ');
}

export function parseOrThrow<T>(schema: z.ZodType<T>, raw: Record<string, unknown>): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new CorruptItemError({ pk: String(raw.pk), sk: String(raw.sk) }, z.prettifyError(parsed.error));
}

export function epochSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

/** TTL attributes are epoch seconds; an item is alive while its expiry is still ahead of now. */
/**
 * Writes an expiring marker unless a live one is already there; true when this call wrote it.
 * TTL deletion may lag for days, so an expired marker still in the table counts as absent.
 */
export async function putUnlessAlive(ctx: StoreContext, item: Record<string, unknown> & { expiresAt: number }, now: Date): Promise<boolean> {
  try {
    await ctx.client.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :nowSeconds',
        ExpressionAttributeValues: { ':nowSeconds': epochSeconds(now) },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export function isAlive(expiresAt: number, now: Date): boolean {
  return expiresAt * 1000 > now.getTime();
}

export async function mapWithConcurrency<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
