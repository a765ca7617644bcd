import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportItems, findReminder, importItems, parseJsonLines, readHistory, readStats, toJsonLines } from '../../core/admin/index.ts';
import { type Reminder } from '../../core/store/index.ts';
import { DynamoDbAdminTable, DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { keys, type DeliveryLogItem } from '../../schema/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';
import { CHAT, MINUTE, once } from './support.ts';

// What admins see of a delivered one-time reminder now that its row is its own delivery-log entry:
// history (per chat and across chats) and stats count it with the separate log items; lookups do not
// find it as a reminder; a backup carries it as history and never brings it back as a reminder.

const T0 = new Date('2026-03-01T08:00:00.000Z');
const SECOND = 1_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(T0.getTime() + ms);

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo('dynalite');
});
afterAll(() => dynamo?.stop());

async function deliver(store: DynamoDbReminderStore, reminder: Reminder, sentAt: Date, messageId: number, nextDueAt?: Date): Promise<void> {
  const row = (await store.findDue(new Date(reminder.dueAt))).rows.find((r) => r.id === reminder.id)!;
  const claimed = await store.claim(row, { now: new Date(reminder.dueAt), leaseMs: MINUTE, token: `t${messageId}` });
  await store.complete(claimed, `t${messageId}`, { now: sentAt, messageId, ...(nextDueAt ? { nextDueAt } : {}) });
}

/** Chat 42: a repeating delivery (log item) at +1 min, an old-format log item at +30 s, one-time deliveries at +90 s and +2 min; chat 7: one at +100 s. */
async function seedDeliveries() {
  const table = await dynamo.newTable('history');
  const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: table });
  const every = await store.createReminder({ chatId: CHAT, text: 'stretch', work: 'message', schedule: { kind: 'recurring', cron: '* * * * *', tz: 'UTC' }, tz: 'UTC', dueAt: at(MINUTE) }, T0);
  const first = await store.createReminder(once(CHAT, at(2 * MINUTE), 'first'), T0);
  const second = await store.createReminder(once(CHAT, at(90 * SECOND), 'second'), T0);
  const elsewhere = await store.createReminder(once(7, at(100 * SECOND), 'elsewhere'), T0);
  const oldSentAt = at(30 * SECOND).toISOString();
  const oldId = '01OLDFORMAT00000000000000';
  const old: DeliveryLogItem = {
    pk: keys.chatPk(CHAT), sk: keys.sentSk(oldSentAt, oldId), type: 'sent', chatId: CHAT, reminderId: oldId, shortId: 9, text: 'before the change',
    work: 'message', dueAt: oldSentAt, sentAt: oldSentAt, messageId: 1, expiresAt: Math.floor(T0.getTime() / 1000) + 86_400,
    duePk: keys.sentDayPk(oldSentAt), dueSk: keys.dueSk(oldSentAt, oldId),
  };
  await dynamo.doc.send(new PutCommand({ TableName: table, Item: old }));
  await deliver(store, every, at(MINUTE), 2, at(60 * MINUTE));
  await deliver(store, second, at(90 * SECOND), 3);
  await deliver(store, elsewhere, at(100 * SECOND), 5);
  await deliver(store, first, at(2 * MINUTE), 4);
  return { table, store, first, second, every, elsewhere };
}

describe('admin reads of delivered one-time reminders (dynalite)', () => {
  it('history merges delivered rows with log items newest first, per chat and across chats, and stats count both', async () => {
    // Prepare
    const { table } = await seedDeliveries();
    const now = at(5 * MINUTE);

    // Act
    const perChat = await readHistory(new DynamoDbAdminTable(dynamo.doc, table), { chatId: CHAT, since: T0, now, limit: 10 });
    const perChatTwo = await readHistory(new DynamoDbAdminTable(dynamo.doc, table), { chatId: CHAT, since: T0, now, limit: 2 });
    const perChatSince = await readHistory(new DynamoDbAdminTable(dynamo.doc, table), { chatId: CHAT, since: at(80 * SECOND), now, limit: 10 });
    const across = await readHistory(new DynamoDbAdminTable(dynamo.doc, table), { since: T0, now, limit: 10 });
    const stats = await readStats(new DynamoDbAdminTable(dynamo.doc, table), { now, dueShards: 16 });

    // Assess
    expect(perChat.deliveries.map((d) => [d.text, d.messageId])).toEqual([['first', 4], ['second', 3], ['stretch', 2], ['before the change', 1]]);
    expect(perChat.more).toBe(false);
    expect(perChatTwo.deliveries.map((d) => d.text)).toEqual(['first', 'second']);
    expect(perChatTwo.more).toBe(true);
    expect(perChatSince.deliveries.map((d) => d.text)).toEqual(['first', 'second']);
    expect(across.deliveries.map((d) => [d.chatId, d.text])).toEqual([[CHAT, 'first'], [7, 'elsewhere'], [CHAT, 'second'], [CHAT, 'stretch'], [CHAT, 'before the change']]);
    expect(across.deliveries[0]).toMatchObject({ sentAt: at(2 * MINUTE).toISOString(), lagMs: 0, shortId: 2, outcome: 'sent' });
    expect(stats.deliveries).toEqual({ lastHour: 5, lastDay: 5 });
    expect(stats.pending).toBe(1); // the re-armed repeating one only
  });

  it('lookups by id and by #N do not find a delivered reminder, and #N finds the live reminder that reuses its number', async () => {
    // Prepare: #2 delivered, then a snoozed copy of it took #2 again.
    const { table, store, first } = await seedDeliveries();
    const copy = await store.createReminder({ ...once(CHAT, at(HOUR), 'first'), reuseShortId: first.shortId }, at(3 * MINUTE));
    const admin = new DynamoDbAdminTable(dynamo.doc, table);

    // Act
    const [byIdInChat, byIdAlone, byShortId] = await Promise.all([
      findReminder(admin, { id: first.id, chatId: CHAT }, 16),
      findReminder(admin, { id: first.id }, 16),
      findReminder(admin, { chatId: CHAT, shortId: first.shortId }, 16),
    ]);

    // Assess
    expect(byIdInChat).toBeUndefined();
    expect(byIdAlone).toBeUndefined();
    expect(byShortId?.id).toBe(copy.id);
  });

  it('a backup carries a delivered reminder as history: restored, it is a delivery, never a reminder again', async () => {
    // Prepare: a backup taken before the delivery, and one after.
    const table = await dynamo.newTable('backup');
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: table });
    const reminder = await store.createReminder(once(CHAT, at(MINUTE), 'water the plants'), T0);
    const before = parseJsonLines(toJsonLines(await exportItems(new DynamoDbAdminTable(dynamo.doc, table), { chatId: CHAT })));
    await deliver(store, reminder, at(MINUTE), 777);
    const after = parseJsonLines(toJsonLines(await exportItems(new DynamoDbAdminTable(dynamo.doc, table), { chatId: CHAT })));
    const copy = await dynamo.newTable('restored');
    const copyStore = new DynamoDbReminderStore({ client: dynamo.doc, tableName: copy });

    // Act
    const restored = await importItems(new DynamoDbAdminTable(dynamo.doc, copy), after, { dueShards: 16 });
    const olderOverDelivered = await importItems(new DynamoDbAdminTable(dynamo.doc, table), before, { dueShards: 16 });

    // Assess
    expect(after.find((item) => item.sk === keys.reminderSk(reminder.id))).toMatchObject({ type: 'sent', status: 'delivered', reminderId: reminder.id, messageId: 777 });
    expect(restored.imported).toBe(after.length);
    expect(await copyStore.getReminder(CHAT, reminder.id)).toBeUndefined();
    expect((await copyStore.listReminders(CHAT)).items).toEqual([]);
    expect((await copyStore.findDue(at(HOUR))).rows).toEqual([]);
    expect(await copyStore.listDeliveryLog(CHAT, at(2 * MINUTE))).toMatchObject([{ reminderId: reminder.id, text: 'water the plants', messageId: 777 }]);
    // The older backup's live row does not overwrite the delivery: the reminder is not due again.
    expect(olderOverDelivered.skipped).toBeGreaterThanOrEqual(1);
    expect(await store.getReminder(CHAT, reminder.id)).toBeUndefined();
    expect((await store.findDue(at(HOUR))).rows).toEqual([]);
  });
});
