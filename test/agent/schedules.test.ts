import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { only, startAgent, startBackends, type AgentUnderTest, type Backends } from './harness.ts';

// Issue #14 through the deterministic path: stand-in → agent → dynalite → reply. T0 is Tue 24 Nov 2026 09:00 UTC.

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

describe('schedules as people say them', () => {
  it('"every other monday at 10" is stored as an RFC 5545 rule and confirmed from it', async () => {
    // Prepare
    await agent.say(1401, '/tz Berlin');
    // Act
    const reply = only(await agent.say(1401, 'remind me every other monday at 10 about the 1:1'));
    // Assess
    expect(reply.text).toBe('🔁 #1 every other Monday at 10:00 (Europe/Berlin), next: Mon 30 Nov 10:00 — the 1:1');
    const stored = await agent.store.getReminderByShortId(1401, 1);
    expect(stored?.schedule).toEqual({ kind: 'recurring', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0', dtstart: '2026-11-30T10:00:00', tz: 'Europe/Berlin' });
  });

  it('a numeric date is read in the chat\'s order and the confirmation says which reading it took', async () => {
    await agent.say(1402, '/tz Berlin');
    const reply = only(await agent.say(1402, '/remind on 03.12 at 10 dentist'));
    expect(reply.text).toContain('⏰ #1 Thu 3 Dec 10:00 — dentist');
    expect(reply.text).toContain('ℹ️ I read 03.12 as 3 December (day first, as usual in Europe/Berlin); for 12 March write "12 march".');
  });

  it('time words left unread save nothing and say what was understood', async () => {
    // Prepare
    await agent.say(1403, '/tz Berlin');
    // Act: "tomorrow at 10 and 20" — the second time of a one-time reminder has nowhere to go.
    const reply = only(await agent.say(1403, 'remind me tomorrow at 10 and 20 to take pills'));
    // Assess
    expect(reply.text).toContain("I'm not sure I read that right, so I haven't saved it.");
    expect(reply.text).toContain('"and 20"');
    expect((await agent.store.listReminders(1403)).items).toEqual([]);
  });

  it('raw cron stays available to power users', async () => {
    await agent.say(1404, '/tz Berlin');
    const reply = only(await agent.say(1404, '/every cron 0 9 * * 1-5 standup'));
    expect(reply.text).toBe('🔁 #1 every weekday at 09:00 (Europe/Berlin), next: Wed 25 Nov 09:00 — standup');
    expect((await agent.store.getReminderByShortId(1404, 1))?.schedule).toEqual({ kind: 'recurring', cron: '0 9 * * 1-5', tz: 'Europe/Berlin' });
  });
});
