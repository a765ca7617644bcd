import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scriptToolRound } from '../support/fake-bedrock.ts';
import { buttonData, only, startAgent, startBackends, type AgentUnderTest, type Backends } from './harness.ts';

// The model's scheduling tools take a structured recurrence (zod-validated) besides a phrase, and every
// confirmation is rendered from the stored rule. Fake Bedrock over real HTTP; T0 is Tue 24 Nov 2026 09:00 UTC.

let backends: Backends;
let agent: AgentUnderTest;

beforeAll(async () => {
  backends = await startBackends();
  agent = await startAgent(backends, { withModel: true });
});
afterAll(async () => {
  await agent?.stop();
  await backends?.stop();
});
beforeEach(() => backends.bedrock.reset());

describe('schedule_recurring with a structured recurrence', () => {
  it('stores the RFC 5545 rule and confirms it in words from what was stored', async () => {
    // Prepare
    await agent.say(1451, '/tz Berlin');
    const results = scriptToolRound(backends.bedrock, [
      { name: 'schedule_recurring', input: { text: 'payroll', recurrence: { frequency: 'weekly', interval: 2, weekdays: ['FR'], times: ['09:00'], count: 6 } } },
      { name: 'schedule_recurring', input: { text: 'invoices', recurrence: { frequency: 'monthly', weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'], setPositions: [-1], times: ['17:00'], start: '2027-01-01' } } },
    ], 'Both set.');
    // Act
    const reply = only(await agent.say(1451, 'payroll every second friday, six times; and invoices on the last workday from january'));
    // Assess
    expect(reply.text).toBe('Both set.');
    expect(results).toEqual([
      'success: Scheduled: 🔁 #1 every other Friday at 09:00, 6 times (Europe/Berlin), next: Fri 27 Nov 09:00, then Fri 11 Dec 09:00 — payroll',
      'success: Scheduled: 🔁 #2 every month on the last workday at 17:00 (Europe/Berlin), next: Fri 29 Jan 2027 17:00, then Fri 26 Feb 2027 17:00 — invoices',
    ]);
    expect((await agent.store.getReminderByShortId(1451, 1))?.schedule).toEqual({
      kind: 'recurring', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=9;BYMINUTE=0', dtstart: '2026-11-27T09:00:00', tz: 'Europe/Berlin', maxCount: 6,
    });
  });

  it('invalid structured input is refused with a reason the model can pass on, and nothing is stored', async () => {
    // Prepare
    await agent.say(1452, '/tz Berlin');
    const results = scriptToolRound(backends.bedrock, [
      { name: 'schedule_recurring', input: { text: 'x', recurrence: { frequency: 'fortnightly' } } },
      { name: 'schedule_recurring', input: { text: 'x', recurrence: { frequency: 'daily', times: ['08:00', '17:30'] } } },
      { name: 'schedule_recurring', input: { text: 'x', recurrence: { frequency: 'weekly', weekdays: ['MO'], chatId: 999 } } },
      { name: 'schedule_recurring', input: { text: 'x', recurrence: { frequency: 'monthly', monthDays: [0] } } },
    ], 'I could not set those.');
    // Act
    only(await agent.say(1452, 'set some odd schedules'));
    // Assess
    expect(results).toHaveLength(4);
    expect(results.every((r) => r.startsWith('error: '))).toBe(true);
    expect(results[1]).toContain('must share the minute');
    expect(results[2]).toMatch(/chatId|Unrecognized/);
    expect((await agent.store.listReminders(1452)).items).toEqual([]);
  });
});

describe('the model path offers the other reading too', () => {
  it('schedule_once with "at 5": the tool result and the reply say 17:00 was taken, and the reply carries the button', async () => {
    // Prepare
    await agent.say(1453, '/tz Berlin');
    const results = scriptToolRound(backends.bedrock, [{ name: 'schedule_once', input: { text: 'call mom', when: 'at 5' } }], 'Done, I will remind you at 17:00.');
    // Act
    const reply = only(await agent.say(1453, 'ping me at 5 to call mom'));
    await agent.press(1453, reply.message_id, buttonData(reply, '↔️ I meant Wed 25 Nov 05:00'));
    // Assess
    const note = 'ℹ️ I took "5" as 17:00, the next 5 o\'clock; write 5am for the morning one.';
    expect(results).toEqual([`success: Scheduled: ⏰ #1 Tue 24 Nov 17:00 — call mom\n${note}`]);
    expect(reply.text).toBe(`Done, I will remind you at 17:00.\n${note}`);
    expect((await agent.store.getReminderByShortId(1453, 1))?.dueAt).toBe('2026-11-25T04:00:00.000Z');
  });

  it('schedule_recurring with "every day at 5": 05:00 is kept and said, and the reply\'s button moves the series to 17:00', async () => {
    // Prepare
    await agent.say(1454, '/tz Berlin');
    const results = scriptToolRound(backends.bedrock, [{ name: 'schedule_recurring', input: { text: 'take pills', when: 'every day at 5' } }], 'Done, every day at 05:00.');
    // Act
    const reply = only(await agent.say(1454, 'I keep forgetting my pills, can you help?'));
    await agent.press(1454, reply.message_id, buttonData(reply, '↔️ I meant 17:00'));
    // Assess
    const note = 'ℹ️ I took "5" as 05:00 each time; write 5pm for the evening one.';
    expect(results).toEqual([`success: Scheduled: 🔁 #1 every day at 05:00 (Europe/Berlin), next: Wed 25 Nov 05:00, then Thu 26 Nov 05:00 — take pills\n${note}`]);
    expect(reply.text).toBe(`Done, every day at 05:00.\n${note}`);
    const stored = await agent.store.getReminderByShortId(1454, 1);
    expect([stored?.dueAt, stored?.schedule.kind === 'recurring' && stored.schedule.rrule]).toEqual(['2026-11-24T16:00:00.000Z', 'FREQ=DAILY;BYHOUR=17;BYMINUTE=0']);
  });
});
