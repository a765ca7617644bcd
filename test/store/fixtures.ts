import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import type { Schedule } from '../../schema/index.ts';
import { type NewReminder } from '../../core/store/index.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { startTestDynamo, type TestBackend, type TestDynamo } from '../support/dynamo.ts';

export { at, batchPut, bulkId, DAY, HOUR, MINUTE, pendingRow, SECOND, T0 } from './rows.ts';

/** Starts one server for the enclosing describe block; `current()` is valid inside tests. */
export function useTestDynamo(backend: TestBackend): () => TestDynamo {
  let dynamo: TestDynamo | undefined;
  beforeAll(async () => {
    dynamo = await startTestDynamo(backend);
  });
  afterAll(async () => {
    await dynamo?.stop();
  });
  return () => {
    if (!dynamo) throw new Error('test DynamoDB not started');
    return dynamo;
  };
}

export async function newStore(dynamo: TestDynamo, options: { dueShards?: number } = {}) {
  const tableName = await dynamo.newTable('store');
  const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName, ...options });
  return { store, tableName };
}

export function oneTime(chatId: number, dueAt: Date, text = 'check the oven'): NewReminder {
  return { chatId, text, work: 'message', schedule: { kind: 'once' }, tz: 'Europe/Berlin', dueAt };
}

export function recurring(chatId: number, schedule: Extract<Schedule, { kind: 'recurring' }>, dueAt: Date, text = 'standup'): NewReminder {
  return { chatId, text, work: 'message', schedule, tz: schedule.tz, dueAt };
}

/** Every item in the table, all pages: proves what a failed call did (not) write. */
export async function scanAll(doc: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

