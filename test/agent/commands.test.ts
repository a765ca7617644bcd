import { describe, expect, it } from 'vitest';
import { EDITED_MESSAGE_REPLY } from '../../agent/handle-update.ts';
import { only, T0, useAgent } from './harness.ts';

// The deterministic path, end to end: a user message in the Telegram stand-in → update → POST
// /invocations → agent → real DynamoDB (dynalite) → reply in the stand-in. No model configured.

const agent = useAgent();

describe('/start and /tz', () => {
  it('/start asks for the zone with a button for the default, and the button sets it', async () => {
    const reply = only(await agent.say(101, '/start'));
    expect(reply.text).toContain('which time zone are you in?');
    expect(reply.text).toContain('/tz Berlin');
    expect(reply.buttons).toEqual([[{ text: 'Use UTC', callback_data: 'tz:UTC' }]]);

    const followUp = only(await agent.press(101, reply.message_id, 'tz:UTC'));

    expect(followUp.text).toBe("🌍 Time zone set to UTC. It's Tue 24 Nov 09:00 there now.");
    expect((await agent.store.getChatSettings(101))?.timezone).toBe('UTC');
    expect(agent.standIn.callbackAnswers(101).at(-1)?.text).toBe('Time zone: UTC');
    // The button is gone once used.
    expect(agent.botMessages(101).find((m) => m.message_id === reply.message_id)?.buttons).toEqual([]);
  });

  it('/start in a chat that has a zone says so instead of asking', async () => {
    await agent.say(102, '/tz Tokyo');
    const reply = only(await agent.say(102, '/start'));
    expect(reply.text).toContain('Your time zone is Asia/Tokyo');
    expect(reply.buttons).toEqual([]);
  });

  it('/tz takes a city or a zone name and quotes the local time', async () => {
    expect(only(await agent.say(103, '/tz Berlin')).text).toBe("🌍 Time zone set to Europe/Berlin. It's Tue 24 Nov 10:00 there now.");
    expect(only(await agent.say(103, '/tz America/New_York')).text).toContain('America/New_York');
    expect((await agent.store.getChatSettings(103))?.timezone).toBe('America/New_York');
  });

  it('/tz with an unknown zone says so and changes nothing', async () => {
    await agent.say(104, '/tz Berlin');
    const reply = only(await agent.say(104, '/tz Mars/Olympus_Mons'));
    expect(reply.text).toBe('I don\'t know the time zone "Mars/Olympus_Mons". Try a city (/tz Berlin) or a zone name (/tz America/New_York).');
    expect((await agent.store.getChatSettings(104))?.timezone).toBe('Europe/Berlin');
  });

  it('/tz alone tells the current (assumed) zone', async () => {
    expect(only(await agent.say(105, '/tz')).text).toBe("You haven't set a time zone; I'm using UTC. Change it with /tz Berlin or /tz America/New_York.");
  });
});

describe('creating reminders', () => {
  it('/remind confirms time in the chat zone, the short id and the text, and stores it in UTC', async () => {
    await agent.say(110, '/tz Berlin');
    const reply = only(await agent.say(110, '/remind tomorrow at 10 check emails'));

    expect(reply.text).toBe('⏰ #1 Wed 25 Nov 10:00 — check emails');
    const stored = await agent.store.getReminderByShortId(110, 1);
    expect(stored).toMatchObject({ text: 'check emails', tz: 'Europe/Berlin', dueAt: '2026-11-25T09:00:00.000Z', work: 'message', status: 'pending' });
    expect(agent.scheduled).toContain(stored?.id);
  });

  it('a plain "remind me …" sentence works the same, and says which zone was assumed until one is set', async () => {
    const reply = only(await agent.say(111, 'remind me in 20 minutes to take the pizza out'));
    expect(reply.text).toBe(
      '⏰ #1 Tue 24 Nov 09:20 — take the pizza out\n(Times are in UTC — set your zone with /tz Berlin or /tz America/New_York.)',
    );
  });

  it('/every confirms the rule, the zone and the next occurrence', async () => {
    await agent.say(112, '/tz Berlin');
    const reply = only(await agent.say(112, '/every weekday at 8:30 standup'));
    expect(reply.text).toBe('🔁 #1 every weekday at 08:30 (Europe/Berlin), next: Wed 25 Nov 08:30, then Thu 26 Nov 08:30 — standup');
    const stored = await agent.store.getReminderByShortId(112, 1);
    expect(stored?.schedule).toEqual({ kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30', dtstart: '2026-11-25T08:30:00', tz: 'Europe/Berlin' });
  });

  it('/every with a one-time phrase is refused with a pointer to /remind', async () => {
    const reply = only(await agent.say(113, '/every tomorrow at 10 dentist'));
    expect(reply.text).toContain('does not say how often to repeat');
    expect((await agent.store.listReminders(113)).items).toEqual([]);
  });

  it('a time in the past is refused with the parser\'s sentence', async () => {
    await agent.say(114, '/tz Berlin');
    const reply = only(await agent.say(114, '/remind yesterday at 10 water the plants'));
    expect(reply.text).toBe("Mon 23 Nov 10:00 has already passed (it's Tue 24 Nov 10:00 in Europe/Berlin). Reminders need a time in the future.");
    expect((await agent.store.listReminders(114)).items).toEqual([]);
  });

  it('a sentence without a time gets examples', async () => {
    const reply = only(await agent.say(115, 'remind me to call mom'));
    expect(reply.text).toMatch(/^I couldn't find a time in that\. Try "tomorrow at 10 check emails"/);
  });

  it('malformed commands get a specific sentence', async () => {
    expect(only(await agent.say(116, '/remind')).text).toBe('Tell me when and what, e.g. /remind tomorrow at 10 check emails');
    expect(only(await agent.say(116, '/every')).text).toBe('Tell me how often and what, e.g. /every weekday at 8:30 standup');
    expect(only(await agent.say(116, '/frobnicate now')).text).toBe("I don't know /frobnicate. /help lists what I understand.");
    expect(only(await agent.say(116, '/list banana')).text).toBe('Use /list, or /list 2 for the next page.');
  });

  it('commands addressed to the bot by name work (/remind@nudge_test_bot)', async () => {
    expect(only(await agent.say(117, '/remind@nudge_test_bot in 5 minutes stretch')).text).toMatch(/^⏰ #1 Tue 24 Nov 09:05 — stretch/);
  });
});

describe('/list', () => {
  it('shows active reminders soonest first with short ids and human times', async () => {
    await agent.say(120, '/tz Berlin');
    await agent.say(120, '/remind friday at 9 pay rent');
    await agent.say(120, '/remind in 2 hours call Bob');
    await agent.say(120, '/every monday at 9am weekly review');

    const reply = only(await agent.say(120, '/list'));

    expect(reply.text).toBe(
      [
        'Your reminders:',
        '⏰ #2 Tue 24 Nov 12:00 — call Bob',
        '⏰ #1 Fri 27 Nov 09:00 — pay rent',
        '🔁 #3 every Monday at 09:00 (Europe/Berlin), next: Mon 30 Nov 09:00 — weekly review',
      ].join('\n'),
    );
  });

  it('pages when there are more than ten', async () => {
    for (let i = 1; i <= 12; i++) await agent.store.createReminder({ chatId: 121, text: `task ${i}`, work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(T0.getTime() + i * 3_600_000) }, T0);

    const first = only(await agent.say(121, '/list'));
    const second = only(await agent.say(121, '/list 2'));

    expect(first.text.split('\n')).toHaveLength(1 + 10 + 1);
    expect(first.text).toContain('⏰ #1 Tue 24 Nov 10:00 — task 1');
    expect(first.text).toMatch(/More: \/list 2$/);
    expect(second.text).toBe('Your reminders (page 2):\n⏰ #11 Tue 24 Nov 20:00 — task 11\n⏰ #12 Tue 24 Nov 21:00 — task 12');
    expect(only(await agent.say(121, '/list 3')).text).toBe('There is no page 3. /list starts at the top.');
  });

  it('breaks pages by length too: twelve long reminders are all reachable, page by page, each page one message', async () => {
    // Prepare: 12 reminders of ~1,000 characters (the case: by count alone, 8 of them were never visible).
    for (let i = 1; i <= 12; i++) {
      await agent.store.createReminder({ chatId: 123, text: `long ${i} ${'x'.repeat(1_000)}`, work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(T0.getTime() + i * 3_600_000) }, T0);
    }

    // Act: follow "More: /list N" until it stops.
    const pages: string[] = [];
    for (let command = '/list'; command && pages.length < 20; ) {
      const text = only(await agent.say(123, command)).text;
      pages.push(text);
      command = /More: (\/list \d+)$/.exec(text)?.[1] ?? '';
    }

    // Assess: every reminder shown exactly once, in order; no page over Telegram's 4,096 characters.
    const shown = pages.flatMap((text) => [...text.matchAll(/— long (\d+) /g)].map((m) => Number(m[1])));
    expect(shown).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(pages.length).toBeGreaterThan(2);
    for (const text of pages) expect(text.length).toBeLessThanOrEqual(4_096);
    expect(pages.slice(0, -1).every((text) => /More: \/list \d+$/.test(text))).toBe(true);
  });

  it('an empty list says how to start', async () => {
    expect(only(await agent.say(122, '/list')).text).toBe('You have no reminders. Try "remind me in 10 minutes to stretch".');
  });
});

describe('/cancel and /snooze', () => {
  it('/cancel removes the reminder; a second /cancel says it is unknown', async () => {
    await agent.say(130, '/remind in 1 hour stretch');
    expect(only(await agent.say(130, '/cancel #1')).text).toBe('🗑 Cancelled #1 — stretch');
    expect(await agent.store.getReminderByShortId(130, 1)).toBeUndefined();
    expect(only(await agent.say(130, '/cancel 1')).text).toBe("I can't find #1 in this chat. /list shows your reminders and their numbers.");
  });

  it('/cancel with no id or a non-number explains the form', async () => {
    expect(only(await agent.say(131, '/cancel')).text).toBe('Which one? Give its number, e.g. /cancel #3 (/list shows them).');
    expect(only(await agent.say(131, '/cancel the dentist')).text).toBe('"the" is not a reminder number. Use the number from /list, e.g. #3.');
  });

  it('/snooze moves the due time by a duration, counted from the due time, and confirms in the chat zone', async () => {
    await agent.say(132, '/tz Berlin');
    await agent.say(132, '/remind in 10 minutes tea');
    const before = agent.scheduled.length;

    const reply = only(await agent.say(132, '/snooze #1 1h'));

    // Due 10:10 Berlin; an hour later is 11:10 (an hour from now would be 11:00).
    expect(reply.text).toBe('😴 Snoozed: ⏰ #1 Tue 24 Nov 11:10 — tea');
    expect((await agent.store.getReminderByShortId(132, 1))?.dueAt).toBe('2026-11-24T10:10:00.000Z');
    expect(agent.scheduled.length).toBe(before + 1);
  });

  it('/snooze of a reminder whose time has passed (failed, paused) counts from now', async () => {
    // Prepare: a failed row due an hour ago, as the sweeper leaves it.
    const row = await agent.store.createReminder({ chatId: 135, text: 'tea', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(T0.getTime() + 60_000) }, T0);
    const claimed = await agent.store.claim({ chatId: 135, id: row.id, dueSk: row.dueSk!, fireAt: row.dueAt, dueAt: row.dueAt, status: row.status }, { now: T0, leaseMs: 60_000, token: 'tok' });
    await agent.store.fail(claimed, 'tok', 'gave up after 5 attempts: 502', T0);
    agent.setNow(new Date(T0.getTime() + 3_600_000));

    const reply = only(await agent.say(135, '/snooze #1 10m'));
    agent.setNow(T0);

    expect(reply.text).toBe('😴 Snoozed: ⏰ #1 Tue 24 Nov 10:10 — tea');
    expect(await agent.store.getReminderByShortId(135, 1)).toMatchObject({ status: 'pending', dueAt: '2026-11-24T10:10:00.000Z' });
  });

  it('/snooze accepts a time phrase, and explains bad input', async () => {
    await agent.say(133, '/remind in 10 minutes tea');
    expect(only(await agent.say(133, '/snooze #1 tomorrow 9am')).text).toBe('😴 Snoozed: ⏰ #1 Wed 25 Nov 09:00 — tea');
    expect(only(await agent.say(133, '/snooze #1')).text).toBe('Use it like /snooze #3 10m (or 1h, 2 days, "tomorrow 9am").');
    expect(only(await agent.say(133, '/snooze #1 banana')).text).toBe('I couldn\'t read "banana" as a snooze time. Try 10m, 1h, 2 days or "tomorrow 9am".');
    expect(only(await agent.say(133, '/snooze #7 10m')).text).toBe("I can't find #7 in this chat. /list shows your reminders and their numbers.");
  });

  it("another chat's #1 does not exist here: cancel and snooze cannot touch it", async () => {
    // Prepare: chat 999 has #1; chat 134 has nothing.
    const theirs = await agent.store.createReminder(
      { chatId: 999, text: 'their secret', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date('2026-11-30T10:00:00Z') },
      T0,
    );
    expect(theirs.shortId).toBe(1);

    // Act
    const cancel = only(await agent.say(134, '/cancel #1'));
    const snooze = only(await agent.say(134, '/snooze #1 10m'));
    const byFullId = only(await agent.say(134, `/cancel ${theirs.id}`));

    // Assess: refused as unknown, chat 999's row unchanged, nothing sent to chat 999.
    expect(cancel.text).toBe("I can't find #1 in this chat. /list shows your reminders and their numbers.");
    expect(snooze.text).toBe(cancel.text);
    expect(byFullId.text).toBe("I can't find that reminder in this chat. /list shows your reminders and their numbers.");
    expect(await agent.store.getReminder(999, theirs.id)).toEqual(theirs);
    expect(agent.botMessages(999)).toEqual([]);
  });
});

describe('everything else without a model', () => {
  it('/help lists what works', async () => {
    const reply = only(await agent.say(140, '/help'));
    for (const example of ['/remind', '/every', '/list', '/cancel #3', '/snooze #3 1h', '/tz Berlin']) expect(reply.text).toContain(example);
  });

  it('a question gets a short answer saying what works; asked again, the full list follows', async () => {
    const first = only(await agent.say(141, "what's the weather like?"));
    expect(first.text).toBe(
      "🤔 I can't answer questions without the assistant model, but I can manage reminders: try \"list\", \"what's next\" or \"what do I have tomorrow\".\n/help lists everything I understand.",
    );
    const second = only(await agent.say(141, 'tell me a joke'));
    expect(second.text).toMatch(/^🤔 I didn't find a time in that — try "tomorrow at 9 call Anna"/);
    expect(second.text).toContain('/every weekday at 8:30 standup');
    expect((await agent.store.listReminders(141)).items).toEqual([]);
  });

  it('an edited message is not acted on; the reply says so', async () => {
    const response = await agent.invoke({
      type: 'telegram_update',
      update: {
        update_id: 990_001,
        edited_message: { message_id: 5, date: 1, edit_date: 2, chat: { id: 142, type: 'private' }, from: { id: 142, is_bot: false, first_name: 'A' }, text: 'remind me at 11 tea' },
      },
    });
    expect(response.status).toBe(200);
    await agent.server.idle();
    expect(agent.botMessages(142).map((m) => m.text)).toEqual([EDITED_MESSAGE_REPLY]);
    expect((await agent.store.listReminders(142)).items).toEqual([]);
  });

  it('exchanges are kept as conversation memory', async () => {
    await agent.say(143, '/remind in 1 hour stretch');
    const turns = await agent.store.listTurns(143, T0, 20);
    expect(turns.map((t) => [t.role, t.content])).toEqual([
      ['user', '/remind in 1 hour stretch'],
      ['assistant', '⏰ #1 Tue 24 Nov 10:00 — stretch\n(Times are in UTC — set your zone with /tz Berlin or /tz America/New_York.)'],
    ]);
  });
});
