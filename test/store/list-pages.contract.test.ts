import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { silentLog } from '../../core/log.ts';
import { createTableInput, TABLE } from '../../schema/index.ts';
import { describe, expect, it } from 'vitest';
import { type Reminder } from '../../core/store/index.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { contractBackends } from '../support/dynamo.ts';
import { at, batchPut, bulkId, DAY, MINUTE, newStore, oneTime, pendingRow, T0, useTestDynamo } from './fixtures.ts';

/** Counts what each request read: index items a Query scanned, and items fetched by key. */
function countingReads(doc: DynamoDBDocumentClient) {
  const reads = { requests: 0, itemsScanned: 0, itemsByKey: 0 };
  const client = new Proxy(doc, {
    get(target, property) {
      if (property === 'send') {
        return async (command: unknown, ...rest: unknown[]) => {
          const result = (await (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest)) as Record<string, unknown>;
          reads.requests++;
          if (command instanceof QueryCommand) reads.itemsScanned += Number(result.ScannedCount ?? result.Count ?? 0);
          if (command instanceof BatchGetCommand) {
            for (const items of Object.values((result.Responses ?? {}) as Record<string, unknown[]>)) reads.itemsByKey += items.length;
          }
          return result;
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as DynamoDBDocumentClient;
  return { client, reads };
}

describe.each(contractBackends())('reminder store: list pages (%s)', (backend) => {
  const dynamo = useTestDynamo(backend);

  it('pages through 10,000 reminders of one chat in due order, each page costing the same few reads', { timeout: 240_000 }, async () => {
    // Prepare: 10,000 reminders in chat 7, written in an order unrelated to their due times.
    const { tableName } = await newStore(dynamo());
    const rows = Array.from({ length: 10_000 }, (_, i) => pendingRow(7, bulkId('LIST', i), at(MINUTE + ((i * 7_919) % 10_000) * MINUTE), 16, i + 1));
    await batchPut(dynamo().doc, tableName, rows, 16);
    const { client, reads } = countingReads(dynamo().doc);
    const store = new DynamoDbReminderStore({ client, tableName });

    // Act: the first 60 pages of 10, counting each page's reads; then page 61 after a long walk.
    const perPage: Array<{ requests: number; scanned: number; byKey: number }> = [];
    const seen: Reminder[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 60; page++) {
      const before = { ...reads };
      const result = await store.listReminders(7, { limit: 10, ...(cursor ? { cursor } : {}) });
      perPage.push({ requests: reads.requests - before.requests, scanned: reads.itemsScanned - before.itemsScanned, byKey: reads.itemsByKey - before.itemsByKey });
      seen.push(...result.items);
      cursor = result.cursor;
    }

    // Assess: due order without gaps or repeats; every page is one index query of 11 keys and 10 items by key.
    expect(seen).toHaveLength(600);
    expect(new Set(seen.map((r) => r.id)).size).toBe(600);
    expect(seen.map((r) => r.dueAt)).toEqual(rows.map((r) => r.dueAt).sort().slice(0, 600));
    expect(new Set(perPage.map((p) => JSON.stringify(p)))).toEqual(new Set([JSON.stringify({ requests: 2, scanned: 11, byKey: 10 })]));
    expect(cursor).toBeDefined();
  });

  it('lists waiting reminders before paused and failed ones, and the last page has no cursor', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const later = await store.createReminder(oneTime(8, at(2 * DAY), 'later'), T0);
    const sooner = await store.createReminder(oneTime(8, at(DAY), 'sooner'), T0);
    const paused = await store.createReminder(oneTime(8, at(MINUTE), 'paused'), T0);
    await store.pauseChat(8, 'blocked', T0);
    await store.resumeChat(8, T0); // back to waiting: all three are active again
    await store.pauseChat(8, 'blocked', T0);
    const revived = await store.snoozeReminder(8, sooner.id, at(3 * DAY), T0);

    // Act
    const first = await store.listReminders(8, { limit: 2 });
    const second = await store.listReminders(8, { limit: 2, cursor: first.cursor! });

    // Assess: the snoozed one is waiting again (first); the paused ones follow, soonest first.
    expect([...first.items, ...second.items].map((r) => [r.text, r.status])).toEqual([
      [revived.text, 'pending'],
      [paused.text, 'paused'],
      [later.text, 'paused'],
    ]);
    expect(second.cursor).toBeUndefined();
  });

  it('a table created before the list index (an old local data folder) still lists correctly, by sorting the chat', async () => {
    // Prepare: the table without its local secondary index.
    const tableName = `nudge-old-${Date.now()}`;
    const { LocalSecondaryIndexes: _dropped, AttributeDefinitions, ...withoutListIndex } = createTableInput(tableName);
    // DynamoDB Local (like DynamoDB) refuses an attribute definition no key uses: drop listSk's too.
    const definitions = AttributeDefinitions.filter((d) => d.AttributeName !== TABLE.listIndex.sortKey);
    await dynamo().client.send(new CreateTableCommand({ ...withoutListIndex, AttributeDefinitions: definitions }));
    await waitUntilTableExists({ client: dynamo().client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
    const store = new DynamoDbReminderStore({ client: dynamo().doc, tableName, log: silentLog });
    await store.createReminder(oneTime(9, at(2 * DAY), 'second'), T0);
    await store.createReminder(oneTime(9, at(DAY), 'first'), T0);

    // Act
    const first = await store.listReminders(9, { limit: 1 });
    const second = await store.listReminders(9, { limit: 1, cursor: first.cursor! });

    // Assess
    expect([...first.items, ...second.items].map((r) => r.text)).toEqual(['first', 'second']);
    expect(second.cursor).toBeUndefined();
  });
});
