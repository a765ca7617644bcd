import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textReply } from '../support/fake-bedrock.ts';
import { only, startAgent, startBackends, T0, type AgentUnderTest, type Backends } from './harness.ts';

// Times in the chat's current zone, /tz telling what an assumed zone meant, plain "every …"
// sentences without a model, and the too-long refusal — end to end over HTTP, no model unless said.

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

const ASSUMED_NOTE = '\n(Times are in UTC — set your zone with /tz Berlin or /tz America/New_York.)';

describe('times are shown in the chat’s current zone', () => {
  it('/tz after reminders written under the assumed zone shows them in the new zone, and /list follows', async () => {
    // Prepare: UTC assumed; "tomorrow at 10" is 10:00 UTC.
    expect(only(await agent.say(601, '/remind tomorrow at 10 check emails')).text).toBe(`⏰ #1 Wed 25 Nov 10:00 — check emails${ASSUMED_NOTE}`);
    await agent.say(601, 'remind me on friday at 18:00 to call mum');

    // Act
    const confirmation = only(await agent.say(601, '/tz Berlin'));
    const list = only(await agent.say(601, '/list'));

    // Assess: same instants, Berlin clock.
    expect(confirmation.text).toBe(
      [
        "🌍 Time zone set to Europe/Berlin. It's Tue 24 Nov 10:00 there now.",
        'Your 2 reminders set while UTC was assumed keep their times — in Europe/Berlin that is:',
        '⏰ #1 Wed 25 Nov 11:00 — check emails',
        '⏰ #2 Fri 27 Nov 19:00 — call mum',
      ].join('\n'),
    );
    expect(list.text).toBe(['Your reminders:', '⏰ #1 Wed 25 Nov 11:00 — check emails', '⏰ #2 Fri 27 Nov 19:00 — call mum'].join('\n'));
    expect((await agent.store.getReminder(601, (await agent.store.getReminderByShortId(601, 1))!.id))?.dueAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('one reminder is singular; a repeating one is said to stay on the assumed clock', async () => {
    await agent.say(602, '/remind in 2 hours stretch');
    await agent.say(602, '/every weekday at 8:30 standup');

    const confirmation = only(await agent.say(602, '/tz Tokyo'));

    expect(confirmation.text).toBe(
      [
        "🌍 Time zone set to Asia/Tokyo. It's Tue 24 Nov 18:00 there now.",
        'Your reminder set while UTC was assumed keeps its time — in Asia/Tokyo that is:',
        '⏰ #1 Tue 24 Nov 20:00 — stretch',
        'Your repeating reminder stays on UTC clock time (/list shows them); to follow Asia/Tokyo instead, /cancel and set them again with /every.',
      ].join('\n'),
    );
    // The repeating one keeps its own zone in its description.
    expect(only(await agent.say(602, '/list')).text).toContain('🔁 #2 every weekday at 08:30 (UTC), next: Wed 25 Nov 08:30 — standup');
  });

  it('lists at most five and points at /list for the rest', async () => {
    for (let i = 1; i <= 7; i++) await agent.say(603, `/remind in ${i} hours task ${i}`);

    const text = only(await agent.say(603, '/tz Berlin')).text;

    expect(text).toContain('Your 7 reminders set while UTC was assumed keep their times — in Europe/Berlin that is:');
    expect(text).toContain('⏰ #5 Tue 24 Nov 15:00 — task 5');
    expect(text).not.toContain('task 6');
    expect(text.split('\n').at(-1)).toBe('…and 2 more (/list shows them).');
  });

  it('says nothing extra when the zone was chosen before, or when the assumed zone is confirmed', async () => {
    await agent.say(604, '/tz Berlin');
    await agent.say(604, '/remind tomorrow at 10 dentist');
    expect(only(await agent.say(604, '/tz London')).text).toBe("🌍 Time zone set to Europe/London. It's Tue 24 Nov 09:00 there now.");
    // Reminders written in Berlin are shown on the chat's new (London) clock.
    expect(only(await agent.say(604, '/list')).text).toBe('Your reminders:\n⏰ #1 Wed 25 Nov 09:00 — dentist');

    await agent.say(605, '/remind tomorrow at 10 dentist');
    expect(only(await agent.say(605, '/tz UTC')).text).toBe("🌍 Time zone set to UTC. It's Tue 24 Nov 09:00 there now.");
  });

  it('the /start button, which confirms the assumed zone, adds nothing (no time changed)', async () => {
    const start = only(await agent.say(606, '/start'));
    await agent.say(606, '/remind tomorrow at 10 check emails');
    const followUp = only(await agent.press(606, start.message_id, 'tz:UTC'));
    expect(followUp.text).toBe("🌍 Time zone set to UTC. It's Tue 24 Nov 09:00 there now.");
  });
});

describe('plain sentences starting with every / daily / weekly, no model', () => {
  it('"every weekday at 8:30 standup" is scheduled like /every', async () => {
    const reply = only(await agent.say(611, 'every weekday at 8:30 standup'));
    expect(reply.text).toBe(`🔁 #1 every weekday at 08:30 (UTC), next: Wed 25 Nov 08:30, then Thu 26 Nov 08:30 — standup${ASSUMED_NOTE}`);
    expect((await agent.store.listReminders(611)).items).toMatchObject([{ text: 'standup', schedule: { kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30', tz: 'UTC' } }]);
  });

  it('"daily …" and "weekly …" too, in the chat zone', async () => {
    await agent.say(612, '/tz Berlin');
    const nine = '\nℹ️ I took "9" as 09:00 each time; write 9pm for the evening one.';
    expect(only(await agent.say(612, 'daily at 9 vitamins')).text).toBe(`🔁 #1 every day at 09:00 (Europe/Berlin), next: Wed 25 Nov 09:00, then Thu 26 Nov 09:00 — vitamins${nine}`);
    expect(only(await agent.say(612, 'Weekly on monday at 9 review')).text).toBe(`🔁 #2 every Monday at 09:00 (Europe/Berlin), next: Mon 30 Nov 09:00, then Mon 7 Dec 09:00 — review${nine}`);
  });

  it('what the parser cannot read as repeating gets a specific answer, and nothing is scheduled', async () => {
    for (const text of ['every time I see you I smile', 'everyone loves pizza']) {
      expect(only(await agent.say(613, text)).text).toMatch(/^🤔 I didn't find a time in that/);
    }
    expect(only(await agent.say(613, 'every day')).text).toMatch(/^What should I remind you about\?/);
    expect((await agent.store.listReminders(613)).items).toEqual([]);
  });

  it('with a model configured, the sentence goes to the model (it can tell actions from reminders)', async () => {
    const withModel = await startAgent(backends, { tableName: agent.tableName, withModel: true });
    try {
      backends.bedrock.reset();
      backends.bedrock.script(textReply('On it.'));
      expect(only(await withModel.say(614, 'every morning at 7 send me a motivational quote')).text).toBe('On it.');
      expect(backends.bedrock.requests).toHaveLength(1);
      expect((await withModel.store.listReminders(614)).items).toEqual([]);
    } finally {
      await withModel.stop();
    }
  });
});

describe('too-long reminder text', () => {
  it('says how long it is and what the limit is, and creates nothing', async () => {
    const reply = only(await agent.say(621, `/remind in 10 minutes ${'x'.repeat(5000)}`));
    expect(reply.text).toBe('That reminder is too long (5,000 characters; the limit is 4,000).');
    expect((await agent.store.listReminders(621)).items).toEqual([]);
  });

  it('the same for "remind me …" and "every …" sentences', async () => {
    expect(only(await agent.say(622, `remind me tomorrow at 10 to ${'y'.repeat(4001)}`)).text).toBe(
      'That reminder is too long (4,001 characters; the limit is 4,000).',
    );
    expect(only(await agent.say(622, `every day at 9 ${'z'.repeat(4100)}`)).text).toBe('That reminder is too long (4,100 characters; the limit is 4,000).');
    expect((await agent.store.listReminders(622)).items).toEqual([]);
  });
});

it('the tests ran at the fixed clock', () => {
  expect(agent.deps.clock()).toEqual(T0);
});
