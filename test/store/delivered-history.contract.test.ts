import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys, type DeliveryLogItem } from '../../schema/index.ts';
import { ReminderAlreadyClaimedError, ReminderNotFoundError, StaleClaimError, type Reminder } from '../../core/store/index.ts';
import { DynamoDbActiveReminderCounter, DynamoDbReminderStore, DynamoDbUserPause } from '../../adapters/dynamodb/index.ts';
import { silentLog } from '../../core/log.ts';
import { contractBackends } from '../support/dynamo.ts';
import { at, deliveredRowOf, HOUR, MINUTE, newStore, oneTime, recurring, SECOND, T0, useTestDynamo } from './fixtures.ts';

// A delivered one-time reminder's row becomes its own delivery-log entry (one conditional write, no delete
// and no separate log item): what a user, an admin and a racing sweeper can observe of it.

async function claimDue(store: DynamoDbReminderStore, reminder: Reminder, now: Date, token: string, leaseMs = MINUTE): Promise<Reminder> {
  const row = (await store.findDue(new Date(reminder.dueAt))).rows.find((r) => r.id === reminder.id);
  if (!row) throw new Error(`reminder ${reminder.id} is not due`);
  return store.claim(row, { now, leaseMs, token });
}

/** The document client, counting the write commands sent through it. */
function countingWrites(doc: DynamoDBDocumentClient): { client: DynamoDBDocumentClient; writes: string[] } {
  const writes: string[] = [];
  const client = {
    send: (command: { constructor: { name: string } }) => {
      if (/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(command.constructor.name)) writes.push(command.constructor.name);
      return doc.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, writes };
}

describe.each(contractBackends())('reminder store: a delivered one-time reminder is its own history entry (%s)', (backend) => {
  const dynamo = useTestDynamo(backend);

  it('is settled by one conditional write that leaves it listed nowhere but in the history, with its TTL', async () => {
    // Prepare
    const { tableName } = await newStore(dynamo());
    const { client, writes } = countingWrites(dynamo().doc);
    const store = new DynamoDbReminderStore({ client, tableName });
    const reminder = await store.createReminder(oneTime(42, at(MINUTE), 'call mum'), T0);
    const claimed = await claimDue(store, reminder, at(MINUTE), 'sweeper');
    writes.length = 0;

    // Act
    await store.complete(claimed, 'sweeper', { now: at(MINUTE + SECOND), messageId: 31, logTtlSeconds: 3600 });

    // Assess
    expect(writes).toEqual(['UpdateCommand']);
    const { Item: row } = await dynamo().doc.send(new GetCommand({ TableName: tableName, Key: { pk: keys.chatPk(42), sk: keys.reminderSk(reminder.id) }, ConsistentRead: true }));
    // Out of the DUE# shards into the log's cross-chat partition; no listSk, no claim left.
    expect(row).toEqual(deliveredRowOf(reminder.id, at(MINUTE + SECOND), 31));
    // Smaller than the claimed row it replaced, so the write costs what the row did (1 WRU per KB of the larger).
    expect(JSON.stringify(row).length).toBeLessThan(JSON.stringify(claimed).length);
    expect((await store.findDue(at(HOUR))).rows).toEqual([]);
  });

  it('is no reminder any more: not listed, not found by id or #N, not counted, and nothing changes or revives it', async () => {
    // Prepare: #1 delivered, #2 waiting. Warnings are kept: a delivered row must be skipped as history, not as a corrupt reminder.
    const { tableName } = await newStore(dynamo());
    const warnings: string[] = [];
    const store = new DynamoDbReminderStore({ client: dynamo().doc, tableName, log: { ...silentLog, warn: (message) => warnings.push(message) } });
    const delivered = await store.createReminder(oneTime(42, at(MINUTE), 'water the plants'), T0);
    const waiting = await store.createReminder(oneTime(42, at(HOUR), 'pick up parcel'), T0);
    await store.complete(await claimDue(store, delivered, at(MINUTE), 't'), 't', { now: at(MINUTE), messageId: 9 });
    const userPause = new DynamoDbUserPause({ client: dynamo().doc, tableName });
    const counter = new DynamoDbActiveReminderCounter({ client: dynamo().doc, tableName });
    const read = async () => (await dynamo().doc.send(new GetCommand({ TableName: tableName, Key: { pk: keys.chatPk(42), sk: keys.reminderSk(delivered.id) }, ConsistentRead: true }))).Item;
    const before = await read();

    // Act
    const listed = await store.listReminders(42);
    const byId = await store.getReminder(42, delivered.id);
    const byShortId = await store.getReminderByShortId(42, 1);
    const active = await counter.countActive(42, 10);
    const refused = await Promise.all([
      store.cancelReminder(42, delivered.id).catch((e: unknown) => e),
      store.snoozeReminder(42, delivered.id, at(2 * HOUR), at(2 * MINUTE)).catch((e: unknown) => e),
      store.editReminder(42, delivered.id, { text: 'changed' }, at(2 * MINUTE)).catch((e: unknown) => e),
      userPause.pauseByUser(42, delivered.id, at(2 * MINUTE)).catch((e: unknown) => e),
      userPause.resumeByUser(42, delivered.id, at(2 * HOUR), at(2 * MINUTE)).catch((e: unknown) => e),
    ]);
    const chatPaused = await store.pauseChat(42, 'Forbidden: bot was blocked by the user', at(2 * MINUTE));
    const chatResumed = await store.resumeChat(42, at(3 * MINUTE));

    // Assess
    expect(listed.items.map((r) => r.id)).toEqual([waiting.id]);
    expect(byId).toBeUndefined();
    expect(byShortId).toBeUndefined();
    expect(active).toBe(1);
    expect(refused.map((e) => e instanceof ReminderNotFoundError)).toEqual([true, true, true, true, true]);
    expect([chatPaused, chatResumed]).toEqual([1, 1]);
    expect(await read()).toEqual(before);
    expect(warnings).toEqual([]);
    expect(await store.listDeliveryLog(42, at(3 * MINUTE))).toMatchObject([{ reminderId: delivered.id, shortId: 1, text: 'water the plants', sentAt: at(MINUTE).toISOString(), messageId: 9 }]);
  });

  it("refuses a stale claimer's settle, and the winner's settle records the one delivery", async () => {
    // Prepare: A's lease runs out, B claims the row.
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const byA = await claimDue(store, reminder, at(MINUTE), 'A', MINUTE);
    const byB = await claimDue(store, reminder, at(2 * MINUTE + SECOND), 'B', MINUTE);

    // Act
    const staleBefore = await store.complete(byA, 'A', { now: at(2 * MINUTE + 2 * SECOND), messageId: 1 }).catch((e: unknown) => e);
    await store.complete(byB, 'B', { now: at(2 * MINUTE + 3 * SECOND), messageId: 2 });
    const staleAfter = await store.complete(byA, 'A', { now: at(2 * MINUTE + 4 * SECOND), messageId: 1 }).catch((e: unknown) => e);
    const again = await store.complete(byB, 'B', { now: at(2 * MINUTE + 5 * SECOND), messageId: 3 }).catch((e: unknown) => e);

    // Assess
    expect(staleBefore).toBeInstanceOf(StaleClaimError);
    expect(staleAfter).toBeInstanceOf(StaleClaimError);
    expect(again).toBeInstanceOf(StaleClaimError);
    expect(await store.listDeliveryLog(42, at(3 * MINUTE))).toMatchObject([{ reminderId: reminder.id, sentAt: at(2 * MINUTE + 3 * SECOND).toISOString(), messageId: 2 }]);
  });

  it('is never claimed again, even when it was sent in the very millisecond it was due (its history key then equals the due key read)', async () => {
    // Prepare: a sweeper read the row, another claimed and delivered it at exactly its due time.
    const { store, tableName } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const staleRead = (await store.findDue(at(MINUTE))).rows.find((r) => r.id === reminder.id)!;
    await store.complete(await store.claim(staleRead, { now: at(MINUTE), leaseMs: MINUTE, token: 'winner' }), 'winner', { now: at(MINUTE) });

    // Act
    const late = await store.claim(staleRead, { now: at(10 * MINUTE), leaseMs: MINUTE, token: 'late' }).catch((e: unknown) => e);

    // Assess
    const { Item: row } = await dynamo().doc.send(new GetCommand({ TableName: tableName, Key: { pk: keys.chatPk(42), sk: keys.reminderSk(reminder.id) }, ConsistentRead: true }));
    expect(row?.dueSk).toBe(staleRead.dueSk);
    expect(late).toBeInstanceOf(ReminderAlreadyClaimedError);
    expect(row?.claimToken).toBeUndefined();
    expect((await store.findDue(at(HOUR))).rows).toEqual([]);
  });

  it('merges with the separate log items (repeating deliveries, and log items written before this change), newest first, within the limit and the TTL', async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());
    const every = await store.createReminder(recurring(42, { kind: 'recurring', cron: '* * * * *', tz: 'UTC' }, at(MINUTE), 'stretch'), T0);
    const first = await store.createReminder(oneTime(42, at(2 * MINUTE), 'first'), T0);
    const second = await store.createReminder(oneTime(42, at(90 * SECOND), 'second'), T0);
    const shortLived = await store.createReminder(oneTime(42, at(3 * MINUTE), 'short-lived'), T0);
    const oldSentAt = at(30 * SECOND).toISOString();
    const oldFormat: DeliveryLogItem = {
      pk: keys.chatPk(42), sk: keys.sentSk(oldSentAt, 'OLDFORMAT0000000000000000'), type: 'sent', chatId: 42, reminderId: 'OLDFORMAT0000000000000000', shortId: 9,
      text: 'before the change', work: 'message', dueAt: oldSentAt, sentAt: oldSentAt, messageId: 1, expiresAt: Math.floor(T0.getTime() / 1000) + 3600,
      duePk: keys.sentDayPk(oldSentAt), dueSk: keys.dueSk(oldSentAt, 'OLDFORMAT0000000000000000'),
    };
    await dynamo().doc.send(new PutCommand({ TableName: tableName, Item: oldFormat }));

    // Act
    await store.complete(await claimDue(store, every, at(MINUTE), 'r'), 'r', { now: at(MINUTE), nextDueAt: at(HOUR), messageId: 2 });
    await store.complete(await claimDue(store, second, at(90 * SECOND), 's'), 's', { now: at(90 * SECOND), messageId: 3 });
    await store.complete(await claimDue(store, first, at(2 * MINUTE), 'f'), 'f', { now: at(2 * MINUTE), messageId: 4 });
    await store.complete(await claimDue(store, shortLived, at(3 * MINUTE), 'x'), 'x', { now: at(3 * MINUTE), messageId: 5, logTtlSeconds: 60 });
    const all = await store.listDeliveryLog(42, at(5 * MINUTE));
    const two = await store.listDeliveryLog(42, at(5 * MINUTE), 2);
    const beforeExpiry = await store.listDeliveryLog(42, at(3 * MINUTE), 1);

    // Assess
    expect(all.map((e) => [e.text, e.sentAt, e.messageId])).toEqual([
      ['first', at(2 * MINUTE).toISOString(), 4],
      ['second', at(90 * SECOND).toISOString(), 3],
      ['stretch', at(MINUTE).toISOString(), 2],
      ['before the change', oldSentAt, 1],
    ]);
    expect(two.map((e) => e.text)).toEqual(['first', 'second']);
    expect(beforeExpiry.map((e) => e.text)).toEqual(['short-lived']);
    expect(await store.getReminder(42, every.id)).toMatchObject({ status: 'pending', dueAt: at(HOUR).toISOString() });
  });
});
