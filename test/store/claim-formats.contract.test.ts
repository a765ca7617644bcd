import { describe, expect, it } from 'vitest';
import { keys, ReminderItem } from '../../schema/index.ts';
import { ReminderAlreadyClaimedError, StaleClaimError } from '../../core/store/index.ts';
import { contractBackends } from '../support/dynamo.ts';
import { at, batchPut, bulkId, MINUTE, newStore, pendingRow, SECOND, T0, useTestDynamo } from './fixtures.ts';

const LEASE = 30 * SECOND;

/**
 * A row claimed by the sweeper before claims stopped moving the index key: `status: sending`, `dueSk` at
 * the lease end, a token and no `claimedUntil`. Tables keep such rows across the deploy that changes the claim.
 */
function claimedInTheOldFormat(chatId: number, id: string, dueAt: Date, leaseEnd: Date, token: string): ReminderItem {
  const row = pendingRow(chatId, id, dueAt);
  return ReminderItem.parse({ ...row, status: 'sending', claimToken: token, claimedAt: at(-SECOND, dueAt).toISOString(), dueSk: keys.dueSk(leaseEnd.toISOString(), id) });
}

describe.each(contractBackends())('reminder store: rows claimed in the earlier format (%s)', (backend) => {
  const dynamo = useTestDynamo(backend);

  it('an old-format claimed row comes due at its lease end, is claimed in the new format, and completes once', async () => {
    // Prepare: its claimer died; its lease (dueSk) ends a minute after T0.
    const { store, tableName } = await newStore(dynamo());
    const id = bulkId('OLDFMT', 1);
    await batchPut(dynamo().doc, tableName, [claimedInTheOldFormat(42, id, at(-4 * MINUTE), at(MINUTE), 'old-sweeper')]);

    // Act
    const duringLease = await store.findDue(at(MINUTE - 1));
    const [row] = (await store.findDue(at(MINUTE))).rows;
    const claimed = await store.claim(row!, { now: at(MINUTE), leaseMs: LEASE, token: 'new-sweeper' });
    const lateOldCompletion = await store.complete(claimed, 'old-sweeper', { now: at(MINUTE) }).catch((e: unknown) => e);
    await store.complete(claimed, 'new-sweeper', { now: at(MINUTE + SECOND), messageId: 9 });

    // Assess
    expect(duringLease.rows).toEqual([]);
    expect(row).toMatchObject({ id, status: 'sending', fireAt: at(MINUTE).toISOString(), dueAt: at(-4 * MINUTE).toISOString() });
    expect(claimed).toMatchObject({ claimToken: 'new-sweeper', claimedUntil: at(MINUTE + LEASE).toISOString() });
    expect(lateOldCompletion).toBeInstanceOf(StaleClaimError);
    expect(await store.getReminder(42, id)).toBeUndefined();
    expect(await store.listDeliveryLog(42, at(MINUTE + SECOND))).toEqual([expect.objectContaining({ reminderId: id, messageId: 9 })]);
  });

  it('an old-format pending row (no claimedUntil) is claimed once; a second claim on the same read loses', async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());
    const id = bulkId('OLDFMT', 2);
    await batchPut(dynamo().doc, tableName, [pendingRow(43, id, at(-SECOND))]);
    const [row] = (await store.findDue(T0)).rows;

    // Act
    const results = await Promise.allSettled([
      store.claim(row!, { now: T0, leaseMs: LEASE, token: 'a' }),
      store.claim(row!, { now: T0, leaseMs: LEASE, token: 'b' }),
    ]);

    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ReminderAlreadyClaimedError);
  });

  it('a claim released by a retry (token removed) is claimable at once, whatever its old claimedUntil said', async () => {
    // Prepare: claimed, then handed back for a retry a second later.
    const { store, tableName } = await newStore(dynamo());
    const id = bulkId('OLDFMT', 3);
    await batchPut(dynamo().doc, tableName, [pendingRow(44, id, at(-SECOND))]);
    const [row] = (await store.findDue(T0)).rows;
    const claimed = await store.claim(row!, { now: T0, leaseMs: 5 * MINUTE, token: 'first' });
    const retried = await store.retryLater(claimed, 'first', at(2 * SECOND), 'telegram 502', at(SECOND));

    // Act: well inside the first claim's 5-minute lease.
    const [again] = (await store.findDue(at(2 * SECOND))).rows;
    const second = await store.claim(again!, { now: at(2 * SECOND), leaseMs: LEASE, token: 'second' });

    // Assess
    expect(retried.claimToken).toBeUndefined();
    expect(retried.claimedUntil).toBeUndefined();
    expect(second).toMatchObject({ claimToken: 'second', attempts: 1 });
  });
});
