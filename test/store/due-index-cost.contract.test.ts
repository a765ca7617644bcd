import { describe, expect, it } from 'vitest';
import { dueShard, keys, ReminderItem } from '../../schema/index.ts';
import { contractBackends } from '../support/dynamo.ts';
import { at, batchPut, bulkId, MINUTE, newStore, pendingRow, SECOND, T0, useTestDynamo } from './fixtures.ts';

/**
 * Enough later rows that a query touching them could not hide it: `itemsRead` counts every item the
 * server examined (ScannedCount), so a filter instead of a key condition would read all 5,000 (and
 * 100,000 would only make the test 20× slower, 75 s on two backends, without proving more).
 */
const NOT_DUE = 5_000;
const DUE = 40;
const SHARDS = 16;

describe.each(contractBackends())('reminder store: due-query cost (%s)', (backend) => {
  const dynamo = useTestDynamo(backend);

  it(`${NOT_DUE.toLocaleString('en')} pending rows that are not due do not change what a due-query reads`, async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo(), { dueShards: SHARDS });
    const dueRows = Array.from({ length: DUE }, (_, i) => pendingRow(1 + (i % 7), bulkId('DUE', i), at(-i * SECOND), SHARDS));
    await batchPut(dynamo().doc, tableName, dueRows);
    const baseline = await store.findDue(T0);

    // One validated row as a template keeps the rows realistic without a schema parse each.
    const template = pendingRow(0, bulkId('LATER', 0), at(MINUTE), SHARDS);
    const later = Array.from({ length: NOT_DUE }, (_, i): ReminderItem => {
      const id = bulkId('LATER', i);
      const chatId = 1000 + (i % 5000);
      const dueIso = at(MINUTE + i * SECOND).toISOString();
      return {
        ...template,
        pk: keys.chatPk(chatId),
        sk: keys.reminderSk(id),
        id,
        chatId,
        dueAt: dueIso,
        duePk: keys.duePk(dueShard(id, SHARDS)),
        dueSk: keys.dueSk(dueIso, id),
      };
    });
    expect(ReminderItem.safeParse(later.at(-1)).success).toBe(true);
    const started = Date.now();
    await batchPut(dynamo().doc, tableName, later, 16);
    const writeSeconds = (Date.now() - started) / 1000;

    // Act
    const after = await store.findDue(T0);
    const wider = await store.findDue(at(MINUTE + 499 * SECOND));

    // Assess
    expect(baseline.rows).toHaveLength(DUE);
    expect(baseline.itemsRead).toBe(DUE);
    expect(baseline.pages).toBe(SHARDS);
    expect(after).toEqual(baseline);
    // The counters do measure reads: widening the window by 500 rows reads exactly 500 more.
    expect(wider.itemsRead).toBe(DUE + 500);
    expect(wider.pages).toBe(SHARDS);
    console.info(`[${backend}] wrote ${NOT_DUE} rows in ${writeSeconds.toFixed(1)} s (${Math.round(NOT_DUE / writeSeconds)}/s)`);
  });
});
