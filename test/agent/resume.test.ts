import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderStore } from '../../core/store/port.ts';
import { only, startAgent, sweepOnAgentClock, startBackends, T0, type AgentUnderTest, type Backends } from './harness.ts';

// A chat the sweeper paused (the user blocked the bot) comes back when the user writes again.
// The pause is made by the real sweeper against the stand-in refusing the chat with 403.

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

const HOUR = 3_600_000;

describe('a chat paused by the sweeper', () => {
  it('resumes on the next message: told once, overdue reminders handed on at once and delivered, failed ones listed', async () => {
    // Prepare: four reminders, then the user blocks the bot and #1 comes due.
    agent.setNow(T0);
    await agent.say(501, '/remind in 1 minute stretch');
    await agent.say(501, '/remind in 2 hours call Bob');
    await agent.say(501, '/every day at 9:30 water the plants');
    await agent.say(501, '/remind tomorrow at 10 dentist');
    const ids = await Promise.all([1, 2, 3, 4].map(async (n) => (await agent.store.getReminderByShortId(501, n))!.id));
    backends.standIn.faults.block(501);
    agent.setNow(new Date(T0.getTime() + 61_000));
    await sweepOnAgentClock(agent);
    expect((await agent.store.getChatSettings(501))?.blocked).toBe(true);
    expect((await agent.store.listReminders(501)).items.map((r) => [r.shortId, r.status])).toEqual([
      [1, 'failed'],
      [3, 'paused'],
      [2, 'paused'],
      [4, 'paused'],
    ]);

    // Act: three hours later the user unblocks the bot and asks for the list.
    backends.standIn.faults.unblock(501);
    agent.setNow(new Date(T0.getTime() + 3 * HOUR));
    const handedOn = agent.scheduled.length;
    const [welcome, list, ...more] = await agent.say(501, '/list');
    const afterwards = await agent.say(501, '/help');

    // Assess: the welcome comes first, then the answer; the list shows the failed one distinctly.
    expect(more).toEqual([]);
    expect(welcome?.text).toBe(
      "👋 Welcome back — I couldn't reach you, so 3 reminders were paused; they're active again (overdue ones will arrive now).\n" +
        '⚠️ 1 reminder could not be delivered — /list shows it; /snooze #N 10m sends one again.',
    );
    expect(list?.text).toBe(
      [
        'Your reminders:',
        '🔁 #3 every day at 09:30 (UTC), next: Tue 24 Nov 09:30 — water the plants',
        '⏰ #2 Tue 24 Nov 11:00 — call Bob',
        '⏰ #4 Wed 25 Nov 10:00 — dentist',
        '⏰ #1 Tue 24 Nov 09:01 — stretch (⚠️ failed: blocked: Forbidden: bot was blocked by the user)',
      ].join('\n'),
    );
    // Told once: the next message gets only its own answer.
    expect(only(afterwards).text).toMatch(/^Here is what I understand:/);
    expect((await agent.store.getChatSettings(501))?.blocked).toBeUndefined();
    // The overdue ones go to the early-delivery hook; tomorrow's waits for its sweep.
    expect([...agent.scheduled.slice(handedOn)].sort()).toEqual([ids[2], ids[1]].sort());

    // And the next sweep delivers the overdue ones, saying how late they are.
    await sweepOnAgentClock(agent);
    const delivered = agent.botMessages(501).slice(-2).map((m) => m.text);
    expect(delivered).toEqual(
      expect.arrayContaining([expect.stringMatching(/^⏰ #3 water the plants\n\(was due .+ ago\)$/), expect.stringMatching(/^⏰ #2 call Bob\n\(was due .+ ago\)$/)]),
    );
    expect((await agent.store.getReminderByShortId(501, 4))?.status).toBe('pending');
    agent.setNow(T0);
  });

  it('resumes on a button press too', async () => {
    // Prepare: /start leaves a button; then deliveries to the chat fail and the sweeper pauses it.
    agent.setNow(T0);
    const start = only(await agent.say(502, '/start'));
    await agent.say(502, '/remind in 1 hour stretch');
    await agent.store.pauseChat(502, 'blocked', T0);

    const replies = await agent.press(502, start.message_id, 'tz:UTC');

    expect(replies.map((m) => m.text)).toEqual([
      "👋 Welcome back — I couldn't reach you, so 1 reminder was paused; it's active again (if it's overdue, it will arrive now).",
      "🌍 Time zone set to UTC. It's Tue 24 Nov 09:00 there now.",
    ]);
    expect((await agent.store.getReminderByShortId(502, 1))?.status).toBe('pending');
    expect((await agent.store.getChatSettings(502))?.blocked).toBeUndefined();
  });

  it('a blocked chat with nothing paused gets no welcome', async () => {
    agent.setNow(T0);
    await agent.store.pauseChat(503, 'chat_not_found', T0);
    expect(only(await agent.say(503, '/list')).text).toMatch(/^You have no reminders/);
    expect((await agent.store.getChatSettings(503))?.blocked).toBeUndefined();
  });

  it('when resuming fails the message is still answered, /list shows the paused rows, and the next message tries again', async () => {
    // Prepare: a second agent on the same table whose resumeChat fails once.
    let failResume = true;
    const flaky = await startAgent(backends, {
      tableName: agent.tableName,
      wrapStore: (inner) =>
        new Proxy(inner, {
          get(target, property, receiver) {
            if (property === 'resumeChat') {
              return (chatId: number, now: Date) => (failResume ? Promise.reject(new Error('injected: DynamoDB unavailable')) : target.resumeChat(chatId, now));
            }
            const value = Reflect.get(target, property, receiver) as unknown;
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }) as ReminderStore,
    });
    try {
      await flaky.say(504, '/remind in 1 hour stretch');
      await flaky.say(504, '/every monday at 9 review');
      await flaky.store.pauseChat(504, 'blocked', T0);

      const list = only(await flaky.say(504, '/list'));
      failResume = false;
      const [welcome] = await flaky.say(504, '/help');

      expect(list.text).toBe(
        ['Your reminders:', '⏰ #1 Tue 24 Nov 10:00 — stretch (⏸ paused)', '🔁 #2 every Monday at 09:00 (UTC), next: Mon 30 Nov 09:00 — review (⏸ paused)'].join('\n'),
      );
      expect(welcome?.text).toMatch(/^👋 Welcome back — I couldn't reach you, so 2 reminders were paused/);
      expect((await flaky.store.getChatSettings(504))?.blocked).toBeUndefined();
    } finally {
      await flaky.stop();
    }
  });
});
