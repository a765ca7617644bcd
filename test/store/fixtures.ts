import { PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { silentLog } from '../../core/log.ts';
import { keys, type Schedule } from '../../schema/index.ts';
import { type NewReminder } from '../../core/store/index.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { startTestDynamo, type TestBackend, type TestDynamo } from '../support/dynamo.ts';

import { at, MINUTE } from './rows.ts';

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


/**
 * What a delivered one-time reminder's row holds once it is its own delivery-log entry ("call mum", #1 in
 * chat 42, due at T0 + 1 min, log TTL 1 h): out of the DUE# shards into the cross-chat SENT#<day> key, no
 * list key and no claim left.
 */
export function deliveredRowOf(reminderId: string, sentAt: Date, messageId: number): Record<string, unknown> {
  return {
    pk: keys.chatPk(42),
    sk: keys.reminderSk(reminderId),
    type: 'sent',
    status: 'delivered',
    chatId: 42,
    reminderId,
    shortId: 1,
    text: 'call mum',
    work: 'message',
    dueAt: at(MINUTE).toISOString(),
    sentAt: sentAt.toISOString(),
    messageId,
    expiresAt: Math.floor(sentAt.getTime() / 1000) + 3600,
    duePk: keys.sentDayPk(sentAt.toISOString()),
    dueSk: keys.dueSk(sentAt.toISOString(), reminderId),
  };
}

/**
 * A store whose separate delivery-log writes (PutItem of a `sent` item) all fail, over a working one for
 * setting up; `errors` collects what the store logged.
 */
export async function storeFailingLogWrites(dynamo: TestDynamo) {
  const { store: setup, tableName } = await newStore(dynamo);
  const doc = dynamo.doc;
  const faulty = {
    send: (command: unknown) => (command instanceof PutCommand && command.input.Item?.type === 'sent' ? Promise.reject(new Error('injected: log table throttled')) : doc.send(command as never)),
  } as unknown as DynamoDBDocumentClient;
  const errors: string[] = [];
  const store = new DynamoDbReminderStore({ client: faulty, tableName, log: { ...silentLog, error: (message) => errors.push(message) } });
  return { setup, store, tableName, errors };
}
