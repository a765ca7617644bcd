import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/dynamodb-store.ts';
import { DueReader } from '../../core/sweeper/due-reader.ts';
import { dueShard } from '../../schema/table.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo('dynalite');
});
afterAll(() => dynamo?.stop());

/** Ids (ULID-shaped, fixed) that land in `shard` of 2: the test decides which rows share a shard. */
function idsIn(shard: number, count: number, tag: string): string[] {
  const ids: string[] = [];
  for (let n = 0; ids.length < count; n++) {
    const id = `01J${tag}${String(n).padStart(23 - tag.length, '0')}`;
    if (dueShard(id, 2) === shard) ids.push(id);
  }
  return ids;
}

describe('the due reader after a claim lost in one shard', () => {
  it('reads that shard in due order, not after every free shard: rows coming due there are read before their claim time', async () => {
    // Prepare: 2 shards. Shard 0 ("free") has a row every second for 40 s; shard 1 ("contested") has a
    // row at +2 s and one at +6 s. The run has read shard 0 far ahead (to +30 s) and shard 1's first
    // row; then its claim of that row was lost to another claimer (in the precision bench: the
    // reminder's own early timer), which contests shard 1 for 10 s.
    const now = Date.parse('2030-01-08T12:00:00.000Z');
    const free = idsIn(0, 40, 'FREE');
    const contested = idsIn(1, 2, 'CONT');
    const ids = [...contested, ...free];
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: await dynamo.newTable(), dueShards: 2, newId: () => ids.shift()! });
    const create = (chatId: number, dueInMs: number) =>
      store.createReminder({ chatId, text: `contested-${chatId}`, work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now + dueInMs) }, new Date(now));
    await create(9_700, 2_000);
    await create(9_701, 6_000);
    for (let i = 0; i < 40; i++) await create(9_800 + i, 1_000 * (i + 1));
    const reader = new DueReader(store, new Date(now + 60_000), () => 0);
    const firstContested = await reader.read(1, 1, now);
    const readAhead = await reader.read(0, 30, now);
    expect(firstContested.map((row) => row.chatId)).toEqual([9_700]);
    expect(readAhead.at(-1)?.dueAt).toBe(new Date(now + 30_000).toISOString());
    reader.contest(1, now + 1_000);

    // Act: 3 s in (contest still on), the run has room for one page.
    const next = reader.pick(1, now + 3_000);

    // Assess: shard 1, whose next row (+6 s) is due long before shard 0's next (+31 s). Before the fix,
    // shard 0: shard 1 stayed unread until the contest ended at +11 s, and its +6 s row was sent 5 s late.
    expect(next).toEqual([1]);
    const page = await reader.read(1, 4, now + 3_000);
    expect(page.map((row) => row.chatId)).toEqual([9_701]);
  });

  it('still puts a contested shard after free ones where their positions tie (a backlog keeps shard ownership)', async () => {
    // Prepare: both shards overdue (all rows due before now), shard 1 contested, the rotation starting at shard 1.
    const now = Date.parse('2030-01-08T13:00:00.000Z');
    const ids = [...idsIn(1, 3, 'BKLC'), ...idsIn(0, 3, 'BKLF')];
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: await dynamo.newTable(), dueShards: 2, newId: () => ids.shift()! });
    for (let i = 0; i < 6; i++) {
      await store.createReminder({ chatId: 9_900 + i, text: `backlog-${i}`, work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now - 60_000 + i * 1_000) }, new Date(now - 120_000));
    }
    const reader = new DueReader(store, new Date(now + 60_000), () => 0.99);
    await reader.read(1, 1, now);
    await reader.read(0, 1, now);
    reader.contest(1, now);

    // Act
    const order = reader.pick(2, now);

    // Assess: both positions are due (a tie at now): the free shard first.
    expect(order).toEqual([0, 1]);
  });
});
