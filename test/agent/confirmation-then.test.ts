import { describe, expect, it } from 'vitest';
import { only, T0, useAgent } from './harness.ts';

// Issue #14: every repeating confirmation names the occurrence after the next, worked out from the stored rule,
// so a misread interval shows at a glance ("next: Mon 30 Nov 10:00, then Mon 14 Dec 10:00"). Over HTTP, no model.
// An hour alone ("at 9") also gets the line saying it was taken as 09:00 (with a button for 21:00).

const NINE_NOTE = '\nℹ️ I took "9" as 09:00 each time; write 9pm for the evening one.';

const agent = useAgent();

describe('"then <second occurrence>" in repeating confirmations', () => {
  it('across the EU spring-forward the second occurrence keeps the wall-clock time, an hour less in UTC', async () => {
    // Prepare: Sat 27 Mar 2027 07:00 in Berlin; clocks go forward the next night
    agent.setNow(new Date('2027-03-27T06:00:00Z'));
    await agent.say(1701, '/tz Berlin');
    // Act
    const reply = only(await agent.say(1701, '/every day at 9 standup'));
    // Assess
    expect(reply.text).toBe(`🔁 #1 every day at 09:00 (Europe/Berlin), next: Sat 27 Mar 09:00, then Sun 28 Mar 09:00 — standup${NINE_NOTE}`);
    expect((await agent.store.getReminderByShortId(1701, 1))?.dueAt).toBe('2027-03-27T08:00:00.000Z');
    agent.setNow(T0);
  });

  it('a time the spring-forward skips: "then" is the jump (03:00), as the sweeper will fire it', async () => {
    // Prepare: Sat 27 Mar 2027 03:00 in Berlin
    agent.setNow(new Date('2027-03-27T02:00:00Z'));
    await agent.say(1702, '/tz Berlin');
    // Act
    const reply = only(await agent.say(1702, '/every day at 2:30 backup'));
    // Assess
    expect(reply.text).toBe('🔁 #1 every day at 02:30 (Europe/Berlin), next: Sun 28 Mar 03:00, then Mon 29 Mar 02:30 — backup');
    agent.setNow(T0);
  });

  it('a rule with one occurrence (COUNT=1) has no "then"', async () => {
    await agent.say(1703, '/tz Berlin');
    const reply = only(await agent.say(1703, '/every day at 9 1 times vitamins'));
    expect(reply.text).toBe(`🔁 #1 every day at 09:00, once (Europe/Berlin), next: Wed 25 Nov 09:00 — vitamins${NINE_NOTE}`);
  });

  it('an UNTIL that leaves one occurrence has no "then"', async () => {
    await agent.say(1704, '/tz Berlin');
    const reply = only(await agent.say(1704, '/every monday at 9 until december 1 standup'));
    expect(reply.text).toMatch(/^🔁 #1 every Monday at 09:00, until .* \(Europe\/Berlin\), next: Mon 30 Nov 09:00 — standup\nℹ️ I took "9" as 09:00/);
  });

  it('in the chat\'s language: "dann" in German', async () => {
    await agent.say(1705, '/tz Berlin');
    await agent.say(1705, '/lang de');
    const reply = only(await agent.say(1705, 'jeden Montag um 9 Teammeeting'));
    expect(reply.text).toBe('🔁 #1 jeden Montag um 09:00 (Europe/Berlin), nächste: Mo., 30. Nov., 09:00, dann Mo., 7. Dez., 09:00 — Teammeeting');
  });

  it('/list lines stay short: no "then" there', async () => {
    await agent.say(1706, '/tz Berlin');
    await agent.say(1706, '/every day at 9 vitamins');
    const list = only(await agent.say(1706, '/list'));
    expect(list.text).toBe('Your reminders:\n🔁 #1 every day at 09:00 (Europe/Berlin), next: Wed 25 Nov 09:00 — vitamins');
  });
});
