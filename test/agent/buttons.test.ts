import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeButton, reminderKeyboard } from '../../core/reminder-buttons.ts';
import type { Reminder } from '../../core/store/port.ts';
import { nextOccurrence } from '../../core/time/index.ts';
import { only, startAgent, startBackends, T0, type AgentUnderTest, type Backends } from './harness.ts';

// Button presses on delivered reminders. Delivery is played the way the sweeper does it: claim the
// due row, hand it to the agent as `reminder_due` (no model: sent as a plain reminder with buttons),
// then complete the claim — which deletes a one-time row and keeps a delivery-log entry.

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
  it('Snooze 10 min re-creates a delivered one-time reminder from the delivery log', async () => {
    // Prepare: delivered at 09:30; the row is gone.
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
    expect(snoozed).toMatchObject({ shortId: 2, text: 'take out the laundry', dueAt: '2026-11-24T09:41:00.000Z', schedule: { kind: 'once' }, status: 'pending' });
    expect(agent.scheduled).toContain(snoozed?.id);
    const edited = agent.botMessages(202).find((m) => m.message_id === messageId);
    expect(edited?.text).toBe('⏰ take out the laundry\n\n😴 Snoozed: ⏰ #2 Tue 24 Nov 10:41 — take out the laundry');
    expect(edited?.buttons).toEqual([]);
    expect(backends.standIn.callbackAnswers(202).at(-1)?.text).toBe('Snoozed to ⏰ #2 Tue 24 Nov 10:41');
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
