import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys, type RecurringSchedule } from '../../schema/index.ts';
import { InvalidReminderInputError, ReminderNotFoundError, type NewReminder } from '../../core/store/index.ts';
import { contractBackends } from '../support/dynamo.ts';
import { at, DAY, HOUR, MINUTE, newStore, oneTime, recurring, scanAll, T0, useTestDynamo } from './fixtures.ts';

const daily9Berlin: RecurringSchedule = { kind: 'recurring', cron: '0 9 * * *', tz: 'Europe/Berlin' };

describe.each(contractBackends())('reminder store: reminders (%s)', (backend) => {
  const dynamo = useTestDynamo(backend);

  it('creates one-time and recurring reminders with per-chat short ids #1, #2 …', async () => {
    // Prepare
    const { store } = await newStore(dynamo());

    // Act
    const first = await store.createReminder(oneTime(42, at(HOUR), '  water the plants  '), T0);
    const second = await store.createReminder(recurring(42, daily9Berlin, new Date('2026-03-02T08:00:00.000Z')), T0);
    const otherChat = await store.createReminder(oneTime(-1001234567890, at(HOUR)), T0);

    // Assess
    expect([first.shortId, second.shortId, otherChat.shortId]).toEqual([1, 2, 1]);
    expect(first.text).toBe('water the plants');
    expect(first.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/); // a ULID
    expect(first).toMatchObject({ status: 'pending', attempts: 0, firedCount: 0, dueAt: at(HOUR).toISOString() });
    expect(first.dueSk).toBe(keys.dueSk(at(HOUR).toISOString(), first.id));
    expect(await store.getReminder(42, first.id)).toEqual(first);
    expect(await store.getReminderByShortId(42, 2)).toEqual(second);
    expect(await store.getReminderByShortId(42, 3)).toBeUndefined();
    expect((await store.getChatSettings(42))?.shortIdCounter).toBe(2);
  });

  it('reuses a freed short id when asked (a snoozed delivered reminder keeps its number), leaving the counter alone', async () => {
    // Prepare: #1 and #2 exist; #1 is delivered (its row, still holding short id 1, is history now).
    const { store } = await newStore(dynamo());
    const first = await store.createReminder(oneTime(52, at(HOUR)), T0);
    await store.createReminder(oneTime(52, at(2 * HOUR)), T0);
    const due = (await store.findDue(at(HOUR))).rows.find((row) => row.id === first.id)!;
    await store.complete(await store.claim(due, { now: at(HOUR), leaseMs: MINUTE, token: 't' }), 't', { now: at(HOUR) });

    // Act
    const copy = await store.createReminder({ ...oneTime(52, at(3 * HOUR)), reuseShortId: 1 }, T0);
    const next = await store.createReminder(oneTime(52, at(4 * HOUR)), T0);

    // Assess
    expect(copy.shortId).toBe(1);
    expect((await store.getReminderByShortId(52, 1))?.id).toBe(copy.id);
    expect(next.shortId).toBe(3);
  });

  it('hands out distinct short ids to concurrent creates in one chat', async () => {
    // Prepare
    const { store } = await newStore(dynamo());

    // Act
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => store.createReminder(oneTime(7, at(HOUR + i * MINUTE)), T0)));

    // Assess
    const shortIds = created.map((r) => r.shortId).sort((a, b) => a - b);
    expect(shortIds).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('rejects every bad input with a typed error and writes nothing', async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());
    const good = oneTime(42, at(HOUR));
    const bad: Array<[string, NewReminder]> = [
      ['chatId', { ...good, chatId: Number.NaN }],
      ['chatId', { ...good, chatId: 1.5 }],
      ['chatId', { ...good, chatId: 2 ** 60 }],
      ['text', { ...good, text: '' }],
      ['text', { ...good, text: ' \n\t ' }],
      ['text', { ...good, text: 'x'.repeat(4001) }],
      ['dueAt', { ...good, dueAt: T0 }],
      ['dueAt', { ...good, dueAt: at(-MINUTE) }],
      ['dueAt', { ...good, dueAt: new Date('nonsense') }],
      ['tz', { ...good, tz: 'Mars/Olympus_Mons' }],
      ['tz', { ...good, tz: '' }],
      ['schedule.tz', { ...recurring(42, { ...daily9Berlin, tz: 'Europe/Atlantis' }, at(HOUR)), tz: 'Europe/Berlin' }],
      ['schedule.cron', recurring(42, { ...daily9Berlin, cron: '' }, at(HOUR))],
      ['schedule.cron', recurring(42, { ...daily9Berlin, cron: 'every day at nine' }, at(HOUR))],
      ['schedule.cron', recurring(42, { ...daily9Berlin, cron: '0 25 * * *' }, at(HOUR))],
      ['work', { ...good, work: 'launch' as never }],
    ];

    // Act
    const errors = await Promise.all(bad.map(([, input]) => store.createReminder(input, T0).catch((error: unknown) => error)));

    // Assess
    errors.forEach((error, i) => {
      expect(error, `case ${i}`).toBeInstanceOf(InvalidReminderInputError);
      expect((error as InvalidReminderInputError).field, `case ${i}`).toBe(bad[i]?.[0]);
    });
    expect(await scanAll(dynamo().doc, tableName)).toEqual([]);
  });

  it('answers ReminderNotFoundError for ids that do not exist, in known and unknown chats, and changes nothing', async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());
    const existing = await store.createReminder(oneTime(42, at(HOUR)), T0);
    const before = await scanAll(dynamo().doc, tableName);
    const missing = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
    const attempts = [
      () => store.cancelReminder(42, missing),
      () => store.snoozeReminder(42, missing, at(2 * HOUR), T0),
      () => store.editReminder(42, missing, { text: 'new' }, T0),
      () => store.editReminder(42, missing, { dueAt: at(2 * HOUR) }, T0),
      // a chat with nothing stored at all
      () => store.cancelReminder(999, existing.id),
      () => store.snoozeReminder(999, existing.id, at(2 * HOUR), T0),
      () => store.editReminder(999, existing.id, { text: 'new' }, T0),
      // ids that cannot be keys we wrote
      () => store.cancelReminder(42, ''),
      () => store.snoozeReminder(42, '../REMINDER#x', at(2 * HOUR), T0),
    ];

    // Act
    const errors = await Promise.all(attempts.map((attempt) => attempt().catch((error: unknown) => error)));

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(ReminderNotFoundError);
    expect(await store.getReminder(42, missing)).toBeUndefined();
    expect(await store.getReminder(999, existing.id)).toBeUndefined();
    expect(await scanAll(dynamo().doc, tableName)).toEqual(before);
  });

  it('refuses bad snooze and edit input before writing', async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(HOUR)), T0);
    const before = await scanAll(dynamo().doc, tableName);

    // Act
    const errors = await Promise.all([
      store.snoozeReminder(42, reminder.id, at(-HOUR), T0),
      store.editReminder(42, reminder.id, { text: '   ' }, T0),
      store.editReminder(42, reminder.id, { dueAt: T0 }, T0),
      store.editReminder(42, reminder.id, {}, T0),
      store.editReminder(42, reminder.id, { schedule: { ...daily9Berlin, tz: 'Nowhere/Else' } }, T0),
      store.listReminders(42, { cursor: 'not-a-cursor' }),
      store.listReminders(42, { limit: 0 }),
    ].map((p) => (p as Promise<unknown>).catch((error: unknown) => error)));

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(InvalidReminderInputError);
    expect(await scanAll(dynamo().doc, tableName)).toEqual(before);
  });

  it('lists active reminders first, soonest first, across pages that survive changes in between', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const late = await store.createReminder(oneTime(42, at(5 * HOUR), 'late'), T0);
    const soon = await store.createReminder(oneTime(42, at(HOUR), 'soon'), T0);
    const middle = await store.createReminder(oneTime(42, at(3 * HOUR), 'middle'), T0);
    const failed = await store.createReminder(oneTime(42, at(10 * MINUTE), 'failed'), T0);
    const claimed = await store.claim(
      (await store.findDue(at(10 * MINUTE))).rows.find((r) => r.id === failed.id)!,
      { now: at(10 * MINUTE), leaseMs: MINUTE, token: 't' },
    );
    await store.fail(claimed, 't', 'chat gone', at(10 * MINUTE));
    await store.createReminder(oneTime(43, at(HOUR), 'other chat'), T0);

    // Act
    const page1 = await store.listReminders(42, { limit: 2 });
    await store.cancelReminder(42, soon.id); // already shown: must not shift what comes next
    const page2 = await store.listReminders(42, { limit: 2, cursor: page1.cursor });

    // Assess
    // "failed" is due soonest but inactive, so it comes last.
    expect(page1.items.map((r) => r.id)).toEqual([soon.id, middle.id]);
    expect(page2.items.map((r) => r.id)).toEqual([late.id, failed.id]);
    expect(page2.items[1]).toMatchObject({ status: 'failed', failureReason: 'chat gone' });
    expect(page1.cursor).toBeDefined();
    expect(page2.cursor).toBeUndefined();
  });

  it('cancels (deleting the row), snoozes and edits', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const a = await store.createReminder(oneTime(42, at(HOUR), 'a'), T0);
    const b = await store.createReminder(oneTime(42, at(HOUR), 'b'), T0);

    // Act
    const cancelled = await store.cancelReminder(42, a.id);
    const snoozed = await store.snoozeReminder(42, b.id, at(2 * HOUR), at(MINUTE));
    const retexted = await store.editReminder(42, b.id, { text: 'b, edited' }, at(2 * MINUTE));
    const retimed = await store.editReminder(42, b.id, { dueAt: at(DAY) }, at(3 * MINUTE));

    // Assess
    expect(cancelled.id).toBe(a.id);
    expect(await store.getReminder(42, a.id)).toBeUndefined();
    expect(snoozed).toMatchObject({ dueAt: at(2 * HOUR).toISOString(), dueSk: keys.dueSk(at(2 * HOUR).toISOString(), b.id), status: 'pending' });
    expect(retexted).toMatchObject({ text: 'b, edited', dueSk: snoozed.dueSk, updatedAt: at(2 * MINUTE).toISOString() });
    expect(retimed).toMatchObject({ text: 'b, edited', dueAt: at(DAY).toISOString(), dueSk: keys.dueSk(at(DAY).toISOString(), b.id) });
    expect((await store.findDue(at(2 * HOUR))).rows).toEqual([]);
    expect((await store.findDue(at(DAY))).rows.map((r) => r.id)).toEqual([b.id]);
  });

  it('snoozing a claimed row takes it from the claimer: its completion is refused', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    const reminder = await store.createReminder(oneTime(42, at(MINUTE)), T0);
    const [row] = (await store.findDue(at(MINUTE))).rows;
    const claimed = await store.claim(row!, { now: at(MINUTE), leaseMs: 5 * MINUTE, token: 'sweeper-1' });

    // Act
    await store.snoozeReminder(42, reminder.id, at(HOUR), at(MINUTE));
    const completion = store.complete(claimed, 'sweeper-1', { now: at(MINUTE) }).catch((error: unknown) => error);

    // Assess
    expect((await completion as Error).name).toBe('StaleClaimError');
    expect(await store.getReminder(42, reminder.id)).toMatchObject({ status: 'pending', dueAt: at(HOUR).toISOString() });
  });

  it('skips a corrupt row in a list instead of failing the whole list', async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());
    const good = await store.createReminder(oneTime(42, at(HOUR)), T0);
    await dynamo().doc.send(
      new PutCommand({ TableName: tableName, Item: { pk: keys.chatPk(42), sk: keys.reminderSk('01JBROKENBROKENBROKENBROKE'), type: 'reminder', text: 5 } }),
    );

    // Act
    const page = await store.listReminders(42);

    // Assess
    expect(page.items.map((r) => r.id)).toEqual([good.id]);
  });
});
