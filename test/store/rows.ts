import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dueShard, keys, ReminderItem } from '../../schema/index.ts';

// Bulk rows for the store's tests and the store benchmark; free of vitest so `bench/` can import it.

/** A fixed "now" for every store test: the store never reads the clock itself. */
export const T0 = new Date('2026-03-01T08:00:00.000Z');

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function at(offsetMs: number, from: Date = T0): Date {
  return new Date(from.getTime() + offsetMs);
}

/**
 * A valid pending one-time reminder row, written straight to the table (bulk set-ups would take far
 * longer through createReminder's two writes each).
 */
export function pendingRow(chatId: number, id: string, dueAt: Date, shards = 16, shortId = 1): ReminderItem {
  const dueIso = dueAt.toISOString();
  return ReminderItem.parse({
    pk: keys.chatPk(chatId),
    sk: keys.reminderSk(id),
    type: 'reminder',
    id,
    chatId,
    shortId,
    text: 'bulk',
    work: 'message',
    schedule: { kind: 'once' },
    tz: 'UTC',
    dueAt: dueIso,
    status: 'pending',
    attempts: 0,
    firedCount: 0,
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    duePk: keys.duePk(dueShard(id, shards)),
    dueSk: keys.dueSk(dueIso, id),
    listSk: keys.listSk(true, dueIso, id),
  });
}

/** Fixed-width ids that sort like ULIDs and pass the store's id check. */
export function bulkId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(12, '0')}`;
}

/** BatchWriteItem in 25s with `concurrency` batches in flight, re-sending UnprocessedItems until none are left. */
export async function batchPut(doc: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[], concurrency = 8): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${attempt} tries`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
