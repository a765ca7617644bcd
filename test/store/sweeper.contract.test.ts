import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { silentLog } from '../../core/log.ts';
import { keys, type RecurringSchedule } from '../../schema/index.ts';
import { nextOccurrence } from '../../core/time/next-occurrence.ts';
import { InvalidReminderInputError, ReminderAlreadyClaimedError, StaleClaimError, type DueRow } from '../../core/store/index.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { contractBackends } from '../support/dynamo.ts';
import { at, batchPut, bulkId, DAY, deliveredRowOf, HOUR, MINUTE, newStore, oneTime, pendingRow, recurring, SECOND, storeFailingLogWrites, T0, useTestDynamo } from './fixtures.ts';

const LEASE = 5 * MINUTE;
/**
 * Rows the three claimers race over. They read the same rows in the same order, so every row is
 * contested; what the test proves (one winner per row) holds per row, and 600 rows make 1,800 claim
 * attempts — 2,000 took a minute per backend on a loaded CI machine without adding a different race.
 */
const RACE_ROWS = 600;

async function claimOnly(store: DynamoDbReminderStore, windowEnd: Date, id: string, token: string, now = windowEnd) {
  const row = (await store.findDue(windowEnd)).rows.find((r) => r.id === id);
  if (!row) throw new Error(`reminder ${id} is not due by ${windowEnd.toISOString()}`);
  return store.claim(row, { now, leaseMs: LEASE, token });
}

describe.each(contractBackends())('reminder store: sweeper primitives (%s)', (backend) => {
  const dynamo = useTestDynamo(backend);

  it(`three claimers racing over ${RACE_ROWS.toLocaleString('en')} due rows claim every row exactly once`, async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());
    const rows = Array.from({ length: RACE_ROWS }, (_, i) => pendingRow(100 + (i % 50), bulkId('RACE', i), at(-i * SECOND)));
    await batchPut(dynamo().doc, tableName, rows, 16);
    const wins = new Map<string, string[]>();
    let lost = 0;
    // A claim leaves the row where it is in the index (it only writes the lease), so every claimer sees
    // every row: each makes one pass over the same read, in the same order, so the three really contend.
    const { rows: due } = await store.findDue(T0);
    const claimer = async (name: string) => {
      {
        await inParallel(due, 16, async (row) => {
          try {
            const claimed = await store.claim(row, { now: T0, leaseMs: LEASE, token: `${name}:${row.id}` });
            wins.set(claimed.id, [...(wins.get(claimed.id) ?? []), name]);
          } catch (error) {
            if (!(error instanceof ReminderAlreadyClaimedError)) throw error;
            lost++;
          }
        });
      }
    };

    // Act
    await Promise.all([claimer('a'), claimer('b'), claimer('c')]);

    // Assess
    expect(wins.size).toBe(RACE_ROWS);
    expect([...wins.values()].filter((names) => names.length !== 1)).toEqual([]);
    expect(lost).toBeGreaterThan(0); // the race really happened
    const sample = await store.getReminder(100, bulkId('RACE', 0));
    expect(sample).toMatchObject({ status: 'pending', claimToken: `${wins.get(bulkId('RACE', 0))?.[0]}:${bulkId('RACE', 0)}`, claimedUntil: at(LEASE).toISOString() });
    // Still in the index, but nobody can claim it again while its lease runs.
    const [again] = (await store.findDue(T0)).rows.filter((row) => row.id === bulkId('RACE', 0));
    await expect(store.claim(again!, { now: at(LEASE - 1), leaseMs: LEASE, token: 'late' })).rejects.toBeInstanceOf(ReminderAlreadyClaimedError);
  });

  it('includes a row due exactly at the window end and not one due a millisecond later', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const onTheEdge = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    await store.createReminder(oneTime(42, at(MINUTE + 1)), T0);

    // Act
    const due = await store.findDue(at(MINUTE));

    // Assess
    expect(due.rows).toEqual<DueRow[]>([
      {
        chatId: 42,
        id: onTheEdge.id,
        dueSk: onTheEdge.dueSk!,
        fireAt: at(MINUTE).toISOString(),
        dueAt: at(MINUTE).toISOString(),
        status: 'pending',
      },
    ]);
  });

  it('a claimer that dies after claiming: the row is due again after the lease and is claimed once more', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const firstClaim = await claimOnly(store, at(MINUTE), reminder.id, 'dead-sweeper');
    // …and the first claimer never comes back.

    // Act
    const [row] = (await store.findDue(at(MINUTE + LEASE))).rows;
    const duringLease = await store.claim(row!, { now: at(MINUTE + LEASE - 1), leaseMs: LEASE, token: 'too-early' }).catch((e: unknown) => e);
    const secondClaim = await store.claim(row!, { now: at(MINUTE + LEASE), leaseMs: LEASE, token: 'next-sweeper' });
    const lateCompletion = await store.complete(firstClaim, 'dead-sweeper', { now: at(MINUTE + LEASE) }).catch((error: unknown) => error);
    await store.complete(secondClaim, 'next-sweeper', { now: at(MINUTE + LEASE + SECOND), messageId: 77 });

    // Assess
    // The claim wrote only the lease: the row kept its place in the due index (no index write).
    expect(firstClaim).toMatchObject({ status: 'pending', claimToken: 'dead-sweeper', claimedUntil: at(MINUTE + LEASE).toISOString(), dueSk: reminder.dueSk });
    expect(duringLease).toBeInstanceOf(ReminderAlreadyClaimedError);
    expect(row).toMatchObject({ id: reminder.id, status: 'pending', fireAt: at(MINUTE).toISOString(), dueAt: at(MINUTE).toISOString() });
    expect(secondClaim.claimToken).toBe('next-sweeper');
    expect(lateCompletion).toBeInstanceOf(StaleClaimError);
    expect(await store.getReminder(42, reminder.id)).toBeUndefined();
    const log = await store.listDeliveryLog(42, at(MINUTE + LEASE + SECOND));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ reminderId: reminder.id, shortId: 1, messageId: 77, dueAt: at(MINUTE).toISOString() });
  });

  it('a second claim on the same read loses with ReminderAlreadyClaimedError', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const [row] = (await store.findDue(at(MINUTE))).rows;

    // Act
    const results = await Promise.allSettled([
      store.claim(row!, { now: at(MINUTE), leaseMs: LEASE, token: 'x' }),
      store.claim(row!, { now: at(MINUTE), leaseMs: LEASE, token: 'y' }),
    ]);

    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ReminderAlreadyClaimedError);
    expect((rejected?.reason as ReminderAlreadyClaimedError).reminderId).toBe(reminder.id);
  });

  it('a claim on a row cancelled since it was read loses with ReminderAlreadyClaimedError and recreates nothing', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const [row] = (await store.findDue(at(MINUTE))).rows;
    await store.cancelReminder(42, reminder.id);

    // Act
    const error = await store.claim(row!, { now: at(MINUTE), leaseMs: LEASE, token: 'late' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ReminderAlreadyClaimedError);
    expect(await store.getReminder(42, reminder.id)).toBeUndefined();
  });

  it('a failed delivery-log write does not undo or fail a re-arm that went through', async () => {
    // Prepare: inject a fault into the separate log write only (a re-armed repeating reminder still writes one).
    const { setup, store, errors } = await storeFailingLogWrites(dynamo());
    const schedule: RecurringSchedule = { kind: 'recurring', cron: '* * * * *', tz: 'UTC' };
    const reminder = await setup.createReminder(recurring(42, schedule, at(MINUTE)), T0);
    const claimed = await claimOnly(store, at(MINUTE), reminder.id, 't');

    // Act
    await store.complete(claimed, 't', { now: at(MINUTE), nextDueAt: at(2 * MINUTE) });

    // Assess
    expect(await store.getReminder(42, reminder.id)).toMatchObject({ status: 'pending', firedCount: 1, dueAt: at(2 * MINUTE).toISOString() });
    expect(await store.listDeliveryLog(42, at(MINUTE))).toEqual([]);
    expect(errors).toEqual(['delivery log write failed after completion']);
  });

  it('a one-time delivery is recorded by its settle alone: a log write that would fail is never needed', async () => {
    // Prepare: every separate log write fails, as above.
    const { setup, store, errors } = await storeFailingLogWrites(dynamo());
    const reminder = await setup.createReminder(oneTime(42, at(MINUTE)), T0);
    const claimed = await claimOnly(store, at(MINUTE), reminder.id, 't');

    // Act
    await store.complete(claimed, 't', { now: at(MINUTE), messageId: 7 });

    // Assess
    expect(await store.getReminder(42, reminder.id)).toBeUndefined();
    expect(await store.listDeliveryLog(42, at(MINUTE))).toMatchObject([{ reminderId: reminder.id, sentAt: at(MINUTE).toISOString(), messageId: 7 }]);
    expect(errors).toEqual([]);
  });

  it('completing a one-time reminder turns its row into its delivery-log entry; a stale token is refused and changes nothing', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(MINUTE), 'call mum'), T0);
    const claimed = await claimOnly(store, at(MINUTE), reminder.id, 'good');

    // Act
    const stale = await store.complete(claimed, 'wrong-token', { now: at(MINUTE) }).catch((error: unknown) => error);
    const afterStale = await store.getReminder(42, reminder.id);
    await store.complete(claimed, 'good', { now: at(MINUTE + SECOND), messageId: 5, logTtlSeconds: 3600 });

    // Assess
    expect(stale).toBeInstanceOf(StaleClaimError);
    expect(afterStale).toEqual(claimed);
    expect(await store.getReminder(42, reminder.id)).toBeUndefined();
    const log = await store.listDeliveryLog(42, at(MINUTE + SECOND));
    expect(log).toEqual([
      // The reminder's own row, now a log entry: no separate SENT# item.
      deliveredRowOf(reminder.id, at(MINUTE + SECOND), 5),
    ]);
    // Expired log entries are left out even though TTL has not deleted them.
    expect(await store.listDeliveryLog(42, at(MINUTE + SECOND + HOUR))).toEqual([]);
    // Completing twice is refused too: the row holds no claim any more.
    await expect(store.complete(claimed, 'good', { now: at(2 * MINUTE) })).rejects.toBeInstanceOf(StaleClaimError);
  });

  it('re-arms a recurring reminder to its next occurrence, keeping 09:00 local across DST', async () => {
    // Prepare: Berlin moves to summer time on 2026-03-29, so 09:00 local goes from 08:00Z to 07:00Z.
    const schedule: RecurringSchedule = { kind: 'recurring', cron: '0 9 * * *', tz: 'Europe/Berlin' };
    const now = new Date('2026-03-28T07:00:00.000Z');
    const first = nextOccurrence(schedule, now)!;
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(recurring(42, schedule, first), now);
    const claimed = await claimOnly(store, first, reminder.id, 'sweeper');
    const nextDueAt = nextOccurrence(schedule, first, claimed.firedCount + 1)!;

    // Act
    await store.complete(claimed, 'sweeper', { now: at(2 * SECOND, first), nextDueAt });
    const rearmed = await store.getReminder(42, reminder.id);

    // Assess
    expect(first.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(nextDueAt.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(rearmed).toMatchObject({
      status: 'pending',
      attempts: 0,
      firedCount: 1,
      dueAt: nextDueAt.toISOString(),
      dueSk: keys.dueSk(nextDueAt.toISOString(), reminder.id),
      lastFiredAt: at(2 * SECOND, first).toISOString(),
    });
    expect(rearmed?.claimToken).toBeUndefined();
    expect((await store.findDue(at(-1, nextDueAt))).rows).toEqual([]);
    expect((await store.findDue(nextDueAt)).rows.map((r) => r.id)).toEqual([reminder.id]);
    expect(await store.listDeliveryLog(42, at(MINUTE, first))).toHaveLength(1);
  });

  it('re-arms an RFC 5545 reminder (every other Monday at 10) by itself, across the EU spring change', async () => {
    // Prepare: Mon 23 Mar 2026 10:00 CET (09:00Z); two weeks on is Mon 6 Apr 10:00 CEST (08:00Z).
    const schedule: RecurringSchedule = { kind: 'recurring', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0', dtstart: '2026-03-23T10:00:00', tz: 'Europe/Berlin' };
    const now = new Date('2026-03-22T12:00:00.000Z');
    const first = nextOccurrence(schedule, now)!;
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(recurring(42, schedule, first), now);
    const claimed = await claimOnly(store, first, reminder.id, 'sweeper');

    // Act: no nextDueAt given, so the store evaluates the rule.
    await store.complete(claimed, 'sweeper', { now: at(2 * SECOND, first) });
    const rearmed = await store.getReminder(42, reminder.id);

    // Assess
    expect(first.toISOString()).toBe('2026-03-23T09:00:00.000Z');
    expect(rearmed).toMatchObject({ status: 'pending', firedCount: 1, dueAt: '2026-04-06T08:00:00.000Z', schedule });
  });

  it('works out the next occurrence itself when not given one, skipping what a late delivery missed', async () => {
    // Prepare: an hourly reminder (on the hour in Kolkata, UTC+05:30, i.e. at :30 UTC) delivered 3.5 hours
    // late fires once, then resumes on schedule.
    const schedule: RecurringSchedule = { kind: 'recurring', cron: '0 * * * *', tz: 'Asia/Kolkata' };
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(recurring(42, schedule, at(30 * MINUTE)), T0);
    const lateNow = at(4 * HOUR);
    const claimed = await claimOnly(store, lateNow, reminder.id, 's');

    // Act
    await store.complete(claimed, 's', { now: lateNow });

    // Assess
    expect(await store.getReminder(42, reminder.id)).toMatchObject({ dueAt: at(4 * HOUR + 30 * MINUTE).toISOString(), firedCount: 1 });
  });

  it('ends a recurring reminder whose schedule has ended (nextDueAt null, or maxCount reached): its row becomes its last delivery', async () => {
    // Prepare
    const twice: RecurringSchedule = { kind: 'recurring', cron: '*/10 * * * *', tz: 'UTC', maxCount: 2 };
    const { store } = await newStore(dynamo());
    const counted = await store.createReminder(recurring(42, twice, at(10 * MINUTE)), T0);
    const ended = await store.createReminder(recurring(42, { ...twice, maxCount: undefined }, at(10 * MINUTE)), T0);

    // Act
    const c1 = await claimOnly(store, at(10 * MINUTE), counted.id, 'a');
    await store.complete(c1, 'a', { now: at(10 * MINUTE) });
    const c2 = await claimOnly(store, at(20 * MINUTE), counted.id, 'b');
    await store.complete(c2, 'b', { now: at(20 * MINUTE) });
    const e1 = await claimOnly(store, at(10 * MINUTE), ended.id, 'c');
    await store.complete(e1, 'c', { now: at(10 * MINUTE), nextDueAt: null });

    // Assess
    expect(await store.getReminder(42, counted.id)).toBeUndefined();
    expect(await store.getReminder(42, ended.id)).toBeUndefined();
    expect(await store.listDeliveryLog(42, at(HOUR))).toHaveLength(3);
  });

  it('refuses a next occurrence that is not after the one delivered, and keeps the claim', async () => {
    // Prepare
    const schedule: RecurringSchedule = { kind: 'recurring', cron: '0 9 * * *', tz: 'UTC' };
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(recurring(42, schedule, at(HOUR)), T0);
    const claimed = await claimOnly(store, at(HOUR), reminder.id, 't');

    // Act
    const error = await store.complete(claimed, 't', { now: at(HOUR), nextDueAt: at(HOUR) }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(InvalidReminderInputError);
    expect(await store.getReminder(42, reminder.id)).toEqual(claimed);
  });

  it('retryLater puts the row back in the index at retryAt with attempts + 1', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const claimed = await claimOnly(store, at(MINUTE), reminder.id, 'r1');

    // Act
    const retried = await store.retryLater(claimed, 'r1', at(3 * MINUTE), 'Telegram 502', at(MINUTE + SECOND));
    const staleRetry = await store.retryLater(claimed, 'r1', at(3 * MINUTE), 'again', at(MINUTE + SECOND)).catch((e: unknown) => e);

    // Assess
    expect(retried).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Telegram 502', dueAt: at(MINUTE).toISOString() });
    expect(retried.claimToken).toBeUndefined();
    expect(staleRetry).toBeInstanceOf(StaleClaimError);
    expect((await store.findDue(at(3 * MINUTE - 1))).rows).toEqual([]);
    const [row] = (await store.findDue(at(3 * MINUTE))).rows;
    expect(row).toMatchObject({ id: reminder.id, fireAt: at(3 * MINUTE).toISOString(), dueAt: at(MINUTE).toISOString() });
    const again = await store.claim(row!, { now: at(3 * MINUTE), leaseMs: LEASE, token: 'r2' });
    expect(again.attempts).toBe(1);
  });

  it('fail takes the row out of the index for good and keeps the reason', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const claimed = await claimOnly(store, at(MINUTE), reminder.id, 'f');

    // Act
    const stale = await store.fail(claimed, 'other', 'x', at(MINUTE)).catch((e: unknown) => e);
    const failed = await store.fail(claimed, 'f', 'Forbidden: bot was blocked by the user', at(MINUTE));

    // Assess
    expect(stale).toBeInstanceOf(StaleClaimError);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'Forbidden: bot was blocked by the user' });
    // Out of the sweeper's DUE# shards, into the FAILED partition admins list.
    expect(failed.duePk).toBe(keys.failedPk);
    expect(failed.dueSk).toBe(keys.dueSk(at(MINUTE).toISOString(), reminder.id));
    expect((await store.findDue(at(DAY * 365))).rows).toEqual([]);
    expect(await store.getReminder(42, reminder.id)).toEqual(failed);
  });

  it('findDue takes a corrupt row out of the index (failed, with the reason) instead of skipping it forever', async () => {
    // Prepare: one good row, and one whose projected chatId is a string (say, a hand edit in the console).
    const { tableName } = await newStore(dynamo());
    const errors: Array<{ message: string; attributes: Record<string, unknown> }> = [];
    const log = { ...silentLog, error: (message: string, ...extra: Array<Record<string, unknown>>) => errors.push({ message, attributes: Object.assign({}, ...extra) as Record<string, unknown> }) };
    const store = new DynamoDbReminderStore({ client: dynamo().doc, tableName, log });
    const good = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const bad = { ...pendingRow(43, bulkId('CORRUPT', 1), at(MINUTE)), chatId: 'forty-three' };
    await dynamo().doc.send(new PutCommand({ TableName: tableName, Item: bad }));

    // Act
    const first = await store.findDue(at(MINUTE));
    const second = await store.findDue(at(MINUTE));

    // Assess
    expect(first.rows.map((r) => r.id)).toEqual([good.id]);
    expect(second.rows.map((r) => r.id)).toEqual([good.id]);
    const { Item } = await dynamo().doc.send(new GetCommand({ TableName: tableName, Key: { pk: bad.pk, sk: bad.sk } }));
    expect(Item).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/^corrupt item: chatId: .*number/), text: 'bulk' });
    expect(Item).toMatchObject({ duePk: keys.failedPk, dueSk: bad.dueSk });
    expect(errors.filter((l) => l.message.startsWith('corrupt row taken out of the due index'))).toEqual([
      expect.objectContaining({ attributes: expect.objectContaining({ sk: bad.sk, issues: expect.stringContaining('chatId') }) }),
    ]);
  });

  it('pauseChat takes every waiting row of the chat out of the index; resumeChat puts them back', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const past = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const future = await store.createReminder(oneTime(42, at(DAY)), T0);
    const held = await store.createReminder(oneTime(42, at(2 * MINUTE)), T0);
    const claimedHeld = await claimOnly(store, at(2 * MINUTE), held.id, 'holder');
    const otherChat = await store.createReminder(oneTime(43, at(MINUTE)), T0);

    // Act
    const paused = await store.pauseChat(42, 'bot was blocked', at(2 * MINUTE));
    const settingsWhilePaused = await store.getChatSettings(42);
    const dueWhilePaused = await store.findDue(at(2 * DAY));
    // The sweeper holding a claim on one of them can still settle it.
    const failedHeld = await store.fail(claimedHeld, 'holder', 'blocked', at(2 * MINUTE));
    const resumed = await store.resumeChat(42, at(HOUR));
    const nothingToResume = await store.resumeChat(777, at(HOUR));

    // Assess
    expect(paused).toBe(3);
    expect(settingsWhilePaused).toMatchObject({ blocked: true, blockedReason: 'bot was blocked' });
    expect(dueWhilePaused.rows.map((r) => r.id)).toEqual([otherChat.id]);
    expect(failedHeld.status).toBe('failed');
    expect(resumed).toBe(2);
    expect(nothingToResume).toBe(0);
    expect(await store.getChatSettings(777)).toBeUndefined();
    expect((await store.getChatSettings(42))?.blocked).toBeUndefined();
    // A missed one fires now (not skipped); a future one keeps its time.
    const due = await store.findDue(at(2 * DAY));
    expect(due.rows.map((r) => [r.id, r.fireAt])).toEqual([
      [otherChat.id, at(MINUTE).toISOString()],
      [past.id, at(HOUR).toISOString()],
      [future.id, at(DAY).toISOString()],
    ]);
  });
});

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
