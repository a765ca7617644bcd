import { describe, expect, it } from 'vitest';
import { dueShard } from '../../schema/index.ts';
import { ReminderAlreadyClaimedError, StaleClaimError } from '../../core/store/index.ts';
import { contractBackends } from '../support/dynamo.ts';
import { at, batchPut, bulkId, MINUTE, newStore, pendingRow, SECOND, T0, useTestDynamo } from './fixtures.ts';

describe.each(contractBackends())('reminder store: due pages, recovery read, lease renewal (%s)', (backend) => {
  const dynamo = useTestDynamo(backend);

  it('findDuePage reads one shard in index order, `limit` items per page, continuing where the last page ended', async () => {
    // Prepare: 1,000 overdue rows on 4 shards; paging one shard of them.
    const { store, tableName } = await newStore(dynamo(), { dueShards: 4 });
    const rows = Array.from({ length: 1_000 }, (_, i) => pendingRow(1 + (i % 40), bulkId('PAGE', i), at(-i * SECOND), 4));
    await batchPut(dynamo().doc, tableName, rows, 16);
    const shard = 2;
    const inShard = rows.filter((row) => dueShard(row.id, 4) === shard).map((row) => row.id);

    // Act
    const pages = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await store.findDuePage(shard, T0, { limit: 25, ...(after ? { after } : {}) });
      pages.push(page);
      after = page.next;
    } while (after && pages.length < 100);

    // Assess: every row of the shard once, in due order; each page read at most 25 items, whatever the backlog.
    const ids = pages.flatMap((page) => page.rows.map((row) => row.id));
    expect(new Set(ids).size).toBe(inShard.length);
    expect(ids.sort()).toEqual([...inShard].sort());
    const fireAts = pages.flatMap((page) => page.rows.map((row) => row.fireAt));
    expect(fireAts).toEqual([...fireAts].sort());
    expect(Math.max(...pages.map((page) => page.itemsRead))).toBe(25);
    expect(pages.reduce((sum, page) => sum + page.itemsRead, 0)).toBe(inShard.length);
    expect(store.dueShards).toBe(4);
    await expect(store.findDuePage(4, T0, { limit: 1 })).rejects.toThrow(/shard/);
  });

  it('a claim that lost to itself (first answer lost, same token tried again) gets the row as it is now, carrying its token', async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());
    const row = pendingRow(42, bulkId('LOST', 1), at(-SECOND));
    await batchPut(dynamo().doc, tableName, [row]);
    const [due] = (await store.findDue(T0)).rows;
    await store.claim(due!, { now: T0, leaseMs: MINUTE, token: 'mine' });

    // Act: the same claim again, as a retry after a timeout would send it.
    const error = await store.claim(due!, { now: at(SECOND), leaseMs: MINUTE, token: 'mine', retry: true }).catch((e: unknown) => e);
    const firstTry = await store.claim(due!, { now: at(SECOND), leaseMs: MINUTE, token: 'other' }).catch((e: unknown) => e);

    // Assess: the retry sees its own token; a first try that lost pays no extra read.
    expect(error).toBeInstanceOf(ReminderAlreadyClaimedError);
    expect((error as ReminderAlreadyClaimedError).current).toMatchObject({ id: row.id, status: 'pending', claimToken: 'mine' });
    expect(firstTry).toBeInstanceOf(ReminderAlreadyClaimedError);
    expect((firstTry as ReminderAlreadyClaimedError).current).toBeUndefined();
  });

  it('renewClaim moves a held lease forward; with a token that no longer holds the row it is refused', async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());
    const row = pendingRow(43, bulkId('RENEW', 1), at(-SECOND));
    await batchPut(dynamo().doc, tableName, [row]);
    const [due] = (await store.findDue(T0)).rows;
    const claimed = await store.claim(due!, { now: T0, leaseMs: 30 * SECOND, token: 'holder' });

    // Act
    const renewed = await store.renewClaim(claimed, 'holder', at(45 * SECOND), at(15 * SECOND));
    const refused = await store.renewClaim(claimed, 'someone-else', at(90 * SECOND), at(15 * SECOND)).catch((e: unknown) => e);

    // Assess: only the lease end moved (the row kept its index place); unclaimable while it runs, claimable once it ends.
    expect(renewed).toMatchObject({ status: 'pending', claimToken: 'holder', claimedUntil: at(45 * SECOND).toISOString(), dueSk: due!.dueSk });
    expect(refused).toBeInstanceOf(StaleClaimError);
    await expect(store.claim(due!, { now: at(45 * SECOND - 1), leaseMs: MINUTE, token: 'early' })).rejects.toBeInstanceOf(ReminderAlreadyClaimedError);
    expect(await store.claim(due!, { now: at(45 * SECOND), leaseMs: MINUTE, token: 'after' })).toMatchObject({ claimToken: 'after' });
  });
});
