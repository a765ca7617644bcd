import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeButton, reminderKeyboard } from '../../core/reminder-buttons.ts';
import type { Reminder, ReminderStore } from '../../core/store/port.ts';
import { nextOccurrence } from '../../core/time/index.ts';
import { only, startAgent, startBackends, T0, type AgentUnderTest, type Backends } from './harness.ts';

// Button presses on delivered reminders. Delivery is played the way the sweeper does it: claim the
// due row, hand it to the agent as `reminder_due` (no model: sent as a plain reminder with buttons),
// then complete the claim — which turns a one-time row into its own delivery-log entry.

let backends: Backends;
let agent: AgentUnderTest;

beforeAll(async () => {
  backends = await startBackends();
  agent = await startAgent(backends);
});
afterAll(async () => {
  await agent?.stop();
  await backends?.stop();
});

async function create(chatId: number, text: string, dueAt: Date, schedule: Reminder['schedule'] = { kind: 'once' }, tz = 'Europe/Berlin'): Promise<Reminder> {
  return agent.store.createReminder({ chatId, text, work: 'message', schedule, tz, dueAt }, T0);
}

/** Claims, delivers through the agent, completes. Returns the delivered message's id. */
async function deliver(reminder: Reminder): Promise<number> {
  const at = new Date(reminder.dueAt);
  const row = (await agent.store.findDue(at)).rows.find((r) => r.id === reminder.id);
  if (!row) throw new Error('reminder is not due');
  const claimed = await agent.store.claim(row, { now: at, leaseMs: 300_000, token: `claim-${reminder.id}` });
  const response = await agent.invoke({ type: 'reminder_due', reminder: claimed });
  expect(response.status).toBe(200);
  await agent.server.idle();
  const sent = agent.botMessages(reminder.chatId).at(-1);
  if (!sent) throw new Error('nothing delivered');
  const nextDueAt = claimed.schedule.kind === 'recurring' ? nextOccurrence(claimed.schedule, at, claimed.firedCount + 1) : undefined;
  await agent.store.complete(claimed, `claim-${reminder.id}`, { now: at, messageId: sent.message_id, ...(nextDueAt !== undefined ? { nextDueAt } : {}) });
  return sent.message_id;
}

describe('a delivered reminder', () => {
  it('arrives as a plain reminder with Done / Snooze buttons when no model is configured', async () => {
    const reminder = await create(201, 'tea', new Date('2026-11-24T09:30:00Z'));
    const messageId = await deliver(reminder);
    const message = agent.botMessages(201).find((m) => m.message_id === messageId);
    expect(message?.text).toBe('⏰ tea');
    expect(message?.buttons).toEqual(reminderKeyboard(reminder.id));
  });
});

describe('snooze buttons', () => {
  it('Snooze 10 min re-creates a delivered one-time reminder from the delivery log, keeping its number', async () => {
    // Prepare: delivered at 09:30; the row is history (no reminder any more).
    await agent.store.setChatTimezone(202, 'Europe/Berlin', T0);
    const reminder = await create(202, 'take out the laundry', new Date('2026-11-24T09:30:00Z'));
    const messageId = await deliver(reminder);
    expect(await agent.store.getReminder(202, reminder.id)).toBeUndefined();
    agent.setNow(new Date('2026-11-24T09:31:00Z'));

    // Act
    const sent = await agent.press(202, messageId, encodeButton({ action: 'snooze', reminderId: reminder.id, choice: '10m' }));

    // Assess: a new one-time reminder at now + 10 min, same text; the message says so; the query is answered.
    expect(sent).toEqual([]);
    const [snoozed] = (await agent.store.listReminders(202)).items;
    expect(snoozed).toMatchObject({ shortId: 1, text: 'take out the laundry', dueAt: '2026-11-24T09:41:00.000Z', schedule: { kind: 'once' }, status: 'pending' });
    expect(agent.scheduled).toContain(snoozed?.id);
    const edited = agent.botMessages(202).find((m) => m.message_id === messageId);
    expect(edited?.text).toBe('⏰ take out the laundry\n\n😴 Snoozed: ⏰ #1 Tue 24 Nov 10:41 — take out the laundry');
    expect(edited?.buttons).toEqual([]);
    expect(backends.standIn.callbackAnswers(202).at(-1)?.text).toBe('Snoozed to ⏰ #1 Tue 24 Nov 10:41');
    agent.setNow(T0);
  });

  it('Snooze 1 h on a recurring reminder adds a one-time copy and leaves the series on schedule', async () => {
    const series = await create(203, 'standup', new Date('2026-11-24T09:30:00Z'), { kind: 'recurring', cron: '30 10 * * 1-5', tz: 'Europe/Berlin' });
    const messageId = await deliver(series);
    const rearmed = await agent.store.getReminder(203, series.id);
    expect(rearmed?.dueAt).toBe('2026-11-25T09:30:00.000Z');
    agent.setNow(new Date('2026-11-24T09:32:00Z'));

    await agent.press(203, messageId, encodeButton({ action: 'snooze', reminderId: series.id, choice: '1h' }));

    const items = (await agent.store.listReminders(203)).items;
    expect(items.map((r) => [r.shortId, r.schedule.kind, r.dueAt])).toEqual([
      [2, 'once', '2026-11-24T10:32:00.000Z'],
      [1, 'recurring', '2026-11-25T09:30:00.000Z'],
    ]);
    agent.setNow(T0);
  });

  it('Snooze tomorrow sets 09:00 the next day in the chat zone', async () => {
    await agent.store.setChatTimezone(204, 'Asia/Tokyo', T0);
    const reminder = await create(204, 'call the bank', new Date('2026-11-24T09:30:00Z'), { kind: 'once' }, 'Asia/Tokyo');
    const messageId = await deliver(reminder);
    // 21:00 UTC is already Wednesday 06:00 in Tokyo: "tomorrow" is Thursday there.
    agent.setNow(new Date('2026-11-24T21:00:00Z'));

    await agent.press(204, messageId, encodeButton({ action: 'snooze', reminderId: reminder.id, choice: 'tomorrow' }));

    const [snoozed] = (await agent.store.listReminders(204)).items;
    expect(snoozed?.dueAt).toBe('2026-11-26T00:00:00.000Z');
    agent.setNow(T0);
  });

  it("a button naming another chat's reminder finds nothing and changes nothing", async () => {
    // Prepare: chat 999 owns a reminder; chat 205 somehow holds a message whose button names it.
    const theirs = await create(999, 'their reminder', new Date('2026-11-30T09:00:00Z'));
    const outcome = await agent.telegram.sendMessage(205, '⏰ crafted', { buttons: reminderKeyboard(theirs.id) });
    if (outcome.kind !== 'delivered') throw new Error('setup send failed');

    await agent.press(205, outcome.messageId, encodeButton({ action: 'snooze', reminderId: theirs.id, choice: '10m' }));

    expect(backends.standIn.callbackAnswers(205).at(-1)?.text).toBe("I can't find that reminder any more, so I can't snooze it. Set a new one with /remind.");
    expect((await agent.store.listReminders(205)).items).toEqual([]);
    expect((await agent.store.listReminders(999)).items).toEqual([theirs]);
  });
});

describe('a delivered message acts once', () => {
  async function deliverAt(chatId: number, text: string): Promise<{ reminder: Reminder; messageId: number }> {
    await agent.store.setChatTimezone(chatId, 'Europe/Berlin', T0);
    const reminder = await create(chatId, text, new Date('2026-11-24T09:30:00Z'));
    const messageId = await deliver(reminder);
    agent.setNow(new Date('2026-11-24T09:31:00Z'));
    return { reminder, messageId };
  }

  it('two presses of Snooze 10 min posted concurrently make one reminder; the second is told it is already snoozed', async () => {
    // Prepare
    const { reminder, messageId } = await deliverAt(210, 'feed the cat');
    const data = encodeButton({ action: 'snooze', reminderId: reminder.id, choice: '10m' });
    const updates = await backends.queuePresses(210, messageId, [data, data]);

    // Act: both invocations in flight at once.
    const responses = await Promise.all(updates.map((update) => agent.invoke({ type: 'telegram_update', update })));
    await agent.server.idle();

    // Assess
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const items = (await agent.store.listReminders(210)).items;
    expect(items.map((r) => [r.shortId, r.dueAt, r.text])).toEqual([[1, '2026-11-24T09:41:00.000Z', 'feed the cat']]);
    expect(backends.standIn.callbackAnswers(210).map((a) => a.text)).toEqual([
      'Snoozed to ⏰ #1 Tue 24 Nov 10:41',
      'Already snoozed to Tue 24 Nov 10:41 (#1).',
    ]);
    expect(agent.botMessages(210).find((m) => m.message_id === messageId)?.text).toBe('⏰ feed the cat\n\n😴 Snoozed: ⏰ #1 Tue 24 Nov 10:41 — feed the cat');
    agent.setNow(T0);
  });

  it('10 min then 1 h makes one reminder (the first choice) and says how to move it', async () => {
    const { reminder, messageId } = await deliverAt(211, 'call mum');
    const updates = await backends.queuePresses(211, messageId, [
      encodeButton({ action: 'snooze', reminderId: reminder.id, choice: '10m' }),
      encodeButton({ action: 'snooze', reminderId: reminder.id, choice: '1h' }),
    ]);

    for (const update of updates) expect((await agent.invoke({ type: 'telegram_update', update })).status).toBe(200);
    await agent.server.idle();

    expect((await agent.store.listReminders(211)).items.map((r) => [r.shortId, r.dueAt])).toEqual([[1, '2026-11-24T09:41:00.000Z']]);
    expect(backends.standIn.callbackAnswers(211).map((a) => a.text)).toEqual([
      'Snoozed to ⏰ #1 Tue 24 Nov 10:41',
      'Already snoozed to Tue 24 Nov 10:41 (#1). To move it, send /snooze #1 with a time, e.g. tomorrow 9am.',
    ]);
    agent.setNow(T0);
  });

  it('two agent instances racing on one message still make one reminder', async () => {
    // Two runtimes (as AgentCore may run) over one table: their per-chat queues do not see each other.
    const { reminder, messageId } = await deliverAt(212, 'water the plants');
    // The twin never sees the other's record in its cheap pre-check, as if both read before either
    // wrote: it always creates a copy, and must take it back when its claim on the message loses.
    const twin = await startAgent(backends, {
      tableName: agent.tableName,
      now: new Date('2026-11-24T09:31:00Z'),
      wrapStore: (inner) =>
        new Proxy(inner, {
          get(target, property, receiver) {
            if (property === 'getMessageOutcome') return async () => undefined;
            const value = Reflect.get(target, property, receiver) as unknown;
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }) as ReminderStore,
    });
    try {
      const updates = await backends.queuePresses(212, messageId, [
        encodeButton({ action: 'snooze', reminderId: reminder.id, choice: '1h' }),
        encodeButton({ action: 'snooze', reminderId: reminder.id, choice: 'tomorrow' }),
        encodeButton({ action: 'snooze', reminderId: reminder.id, choice: '10m' }),
      ]);

      await Promise.all([
        agent.invoke({ type: 'telegram_update', update: updates[0] }),
        twin.invoke({ type: 'telegram_update', update: updates[1] }),
      ]);
      await Promise.all([agent.server.idle(), twin.server.idle()]);
      // And once more, strictly after: the twin creates, loses the claim and withdraws its copy.
      await twin.invoke({ type: 'telegram_update', update: updates[2] });
      await twin.server.idle();

      const items = (await agent.store.listReminders(212)).items;
      expect(items).toHaveLength(1);
      const outcome = await agent.store.getMessageOutcome(212, messageId, new Date('2026-11-24T09:31:00Z'));
      expect(outcome?.outcome).toMatchObject({ kind: 'snoozed', reminderId: items[0]?.id, dueAt: items[0]?.dueAt });
      const answers = backends.standIn.callbackAnswers(212).map((a) => a.text ?? '');
      expect(answers).toHaveLength(3);
      expect(answers.filter((a) => a.startsWith('Snoozed to ⏰ #'))).toHaveLength(1);
      expect(answers.filter((a) => a.startsWith('Already snoozed to '))).toHaveLength(2);
    } finally {
      await twin.stop();
      agent.setNow(T0);
    }
  });

  it('Done after Snooze keeps the snooze and says how to cancel it; Snooze after Done does nothing', async () => {
    const first = await deliverAt(213, 'stretch');
    const second = await deliverAt(213, 'tidy desk');
    const snoozeThenDone = await backends.queuePresses(213, first.messageId, [
      encodeButton({ action: 'snooze', reminderId: first.reminder.id, choice: '10m' }),
      encodeButton({ action: 'done', reminderId: first.reminder.id }),
    ]);
    for (const update of snoozeThenDone) await agent.invoke({ type: 'telegram_update', update });
    await agent.server.idle();
    const doneThenSnooze = await backends.queuePresses(213, second.messageId, [
      encodeButton({ action: 'done', reminderId: second.reminder.id }),
      encodeButton({ action: 'snooze', reminderId: second.reminder.id, choice: '1h' }),
    ]);
    for (const update of doneThenSnooze) await agent.invoke({ type: 'telegram_update', update });
    await agent.server.idle();

    expect((await agent.store.listReminders(213)).items.map((r) => [r.text, r.dueAt])).toEqual([['stretch', '2026-11-24T09:41:00.000Z']]);
    const [copy] = (await agent.store.listReminders(213)).items;
    expect(backends.standIn.callbackAnswers(213).map((a) => a.text)).toEqual([
      `Snoozed to ⏰ #${copy?.shortId} Tue 24 Nov 10:41`,
      `Already snoozed to Tue 24 Nov 10:41 (#${copy?.shortId}). Done with it? /cancel #${copy?.shortId}`,
      'Done ✅',
      'Already marked done ✅',
    ]);
    expect(agent.botMessages(213).find((m) => m.message_id === second.messageId)?.text).toBe('⏰ tidy desk\n\n✅ Done');
    agent.setNow(T0);
  });
});

describe('Done button', () => {
  it('acknowledges, keeps the text and removes the buttons', async () => {
    const reminder = await create(206, 'drink water', new Date('2026-11-24T09:30:00Z'));
    const messageId = await deliver(reminder);

    await agent.press(206, messageId, encodeButton({ action: 'done', reminderId: reminder.id }));

    const message = agent.botMessages(206).find((m) => m.message_id === messageId);
    expect(message?.text).toBe('⏰ drink water\n\n✅ Done');
    expect(message?.buttons).toEqual([]);
    expect(backends.standIn.callbackAnswers(206).at(-1)?.text).toBe('Done ✅');
    expect((await agent.store.listReminders(206)).items).toEqual([]);
  });
});

describe('buttons that are not ours', () => {
  it('are answered as no longer valid', async () => {
    const outcome = await agent.telegram.sendMessage(207, 'odd', { buttons: [[{ text: 'x', callback_data: 'launch:missiles' }]] });
    if (outcome.kind !== 'delivered') throw new Error('setup send failed');
    const sent = await agent.press(207, outcome.messageId, 'launch:missiles');
    expect(sent).toEqual([]);
    expect(backends.standIn.callbackAnswers(207).map((a) => a.text)).toEqual(['That button is no longer valid.']);
  });
});

it('every press is answered exactly once', () => {
  const answers = backends.standIn.callbackAnswers();
  expect(answers.length).toBeGreaterThanOrEqual(6);
  expect(new Set(answers.map((a) => a.callback_query_id)).size).toBe(answers.length);
  expect(only([agent.botMessages(201)[0]!]).text).toBe('⏰ tea');
});
