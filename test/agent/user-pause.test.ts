import { describe, expect, it } from 'vitest';
import { keys } from '../../schema/index.ts';
import { only, sweepOnAgentClock, T0, useAgent } from './harness.ts';

// "pause #3" / "resume #3": the person's own pause, against the agent over HTTP, the stand-in and dynalite,
// with the real sweeper run on the agent's clock. Each test has its own chat.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(T0.getTime() + ms);
/** Delivered reminders in the chat ("⏰ #2 drink water\n(was due …)"), not the bot's replies. */
const deliveries = (chat: number) => agent.botMessages(chat).map((m) => m.text).filter((text) => /^[⏰🔁] #\d+ [^\n]*\n\(was due/u.test(text) || /^[⏰🔁] #\d+ [^—]*$/u.test(text));

const agent = useAgent();

describe('pause', () => {
  it('takes the reminder out of the due index: the sweeper never sees it, /list says it is paused', async () => {
    // Prepare
    const chat = 901;
    agent.setNow(T0);
    await agent.say(chat, 'in 10 minutes stretch');
    await agent.say(chat, 'in 20 minutes drink water');

    // Act
    const reply = only(await agent.say(chat, 'pause #1'));
    agent.setNow(at(30 * MINUTE));
    const due = await agent.store.findDue(at(2 * HOUR));
    await sweepOnAgentClock(agent);

    // Assess
    expect(reply.text).toBe('⏸ Paused #1 — stretch. It won\'t fire until you say "resume 1".');
    const row = await agent.store.getReminderByShortId(chat, 1);
    expect(row).toMatchObject({ status: 'paused', duePk: keys.pausedPk, userPausedAt: T0.toISOString() });
    expect(due.rows.map((r) => r.chatId === chat && r.id)).not.toContain(row?.id);
    const delivered = deliveries(chat);
    expect(delivered).toEqual([expect.stringMatching(/^⏰ #2 drink water\n/)]);
    expect(only(await agent.say(chat, 'list')).text).toBe('Your reminders:\n⏰ #1 Tue 24 Nov 09:10 — stretch (⏸ paused — "resume 1")');
  });

  it('refuses clearly what it cannot do, and changes nothing', async () => {
    // Prepare
    const chat = 902;
    agent.setNow(T0);
    await agent.say(chat, 'in 1 hour call Anna');
    await agent.say(chat, 'pause 1');
    const before = await agent.store.getReminderByShortId(chat, 1);

    // Act
    const replies = [];
    for (const text of ['pause 1', 'pause #7', 'skip 1', 'pause the dentist one', 'resume the anna one', 'resume 1']) replies.push(only(await agent.say(chat, text)).text);

    // Assess
    expect(replies.slice(0, 4)).toEqual([
      '#1 is paused — "resume 1" starts it again.',
      "I can't find #7 in this chat. /list shows your reminders and their numbers.",
      '#1 is paused — "resume 1" starts it again.',
      'I have no reminder about "dentist". /list shows them.',
    ]);
    expect(before?.status).toBe('paused');
    expect(replies[4]).toBe('▶️ Resumed: ⏰ #1 Tue 24 Nov 10:00 — call Anna');
    expect(replies[5]).toBe("#1 isn't paused: ⏰ #1 Tue 24 Nov 10:00 — call Anna");
  });

  it('by words: one match is paused; several are listed with their numbers and none is touched', async () => {
    // Prepare
    const chat = 903;
    agent.setNow(T0);
    await agent.say(chat, 'every monday at 18:00 gym with Tom');
    await agent.say(chat, 'tomorrow at 8 gym bag');
    await agent.say(chat, 'tomorrow at 9 pay rent');

    // Act
    const several = only(await agent.say(chat, 'pause the gym one')).text;
    const one = only(await agent.say(chat, 'pause the rent reminder')).text;

    // Assess
    expect(several.split('\n')).toEqual([
      '2 reminders mention "gym". Say which by its number, e.g. "pause 2":',
      '⏰ #2 Wed 25 Nov 08:00 — gym bag',
      '🔁 #1 every Monday at 18:00 (UTC), next: Mon 30 Nov 18:00 — gym with Tom',
    ]);
    expect(one).toBe('⏸ Paused #3 — pay rent. It won\'t fire until you say "resume 3".');
    expect((await agent.store.listReminders(chat)).items.map((r) => [r.shortId, r.status])).toEqual([[2, 'pending'], [1, 'pending'], [3, 'paused']]);
  });

  it('"pause the music at 9" names a time: it is a reminder, not a pause', async () => {
    const reply = only(await agent.say(904, 'pause the music at 9pm'));

    expect(reply.text.split('\n')[0]).toBe('⏰ #1 Tue 24 Nov 21:00 — pause the music');
    expect((await agent.store.getReminderByShortId(904, 1))?.status).toBe('pending');
  });
});

describe('resume', () => {
  it('a repeating reminder comes back at its next occurrence from now; missed ones are not replayed', async () => {
    // Prepare: daily at 10:00 UTC, paused before Tuesday's; resumed on Thursday at 12:00.
    const chat = 911;
    agent.setNow(T0);
    await agent.say(chat, 'every day at 10:00 vitamins');
    await agent.say(chat, 'pause 1');
    agent.setNow(at(2 * 24 * HOUR + 3 * HOUR));
    await sweepOnAgentClock(agent);

    // Act
    const reply = only(await agent.say(chat, 'resume 1')).text;

    // Assess
    expect(deliveries(chat)).toEqual([]);
    expect(reply).toMatch(/^▶️ Resumed: 🔁 #1 every day at 10:00 \(UTC\), next: Fri 27 Nov 10:00 — vitamins$/);
    const row = await agent.store.getReminderByShortId(chat, 1);
    expect(row).toMatchObject({ status: 'pending', dueAt: '2026-11-27T10:00:00.000Z', duePk: expect.stringMatching(/^DUE#/) });
    expect(row?.userPausedAt).toBeUndefined();
  });

  it('a one-time reminder whose time passed is not fired on a guess: the reply offers 🔔 Send now, which delivers it', async () => {
    // Prepare
    const chat = 912;
    agent.setNow(T0);
    await agent.say(chat, 'in 1 hour take the cake out');
    await agent.say(chat, 'pause 1');
    agent.setNow(at(2 * HOUR));

    // Act
    const refusal = only(await agent.say(chat, 'resume 1'));
    const untouched = await agent.store.getReminderByShortId(chat, 1);
    await agent.press(chat, refusal.message_id, refusal.buttons[0]?.[0]?.callback_data ?? '');
    await sweepOnAgentClock(agent);

    // Assess
    expect(refusal.text).toBe(
      "#1 was due Tue 24 Nov 10:00, which passed while it was paused, so I haven't restarted it. Tap 🔔 Send now, or give it a new time: \"move 1 to 6pm\".",
    );
    expect(refusal.buttons.flat().map((b) => b.text)).toEqual(['🔔 Send now']);
    expect(untouched?.status).toBe('paused');
    expect(agent.standIn.sentMessages(chat).find((m) => m.message_id === refusal.message_id)?.text).toMatch(/\n\n▶️ Resumed: ⏰ #1 Tue 24 Nov 11:00 — take the cake out$/);
    expect(deliveries(chat)).toEqual(['⏰ #1 take the cake out']);
  });

  it('moving a paused reminder to a new time resumes it', async () => {
    const chat = 913;
    agent.setNow(T0);
    await agent.say(chat, 'in 1 hour call mum');
    await agent.say(chat, 'pause 1');

    const reply = only(await agent.say(chat, 'move #1 to 9pm')).text;

    expect(reply).toBe('✏️ Moved: ⏰ #1 Tue 24 Nov 21:00 — call mum');
    const row = await agent.store.getReminderByShortId(chat, 1);
    expect(row).toMatchObject({ status: 'pending', duePk: expect.stringMatching(/^DUE#/) });
    expect(row?.userPausedAt).toBeUndefined();
  });
});

describe('the automatic pause (bot blocked) and the user pause', () => {
  it('lifting the chat pause brings back only what the chat pause took; a user-paused reminder stays paused', async () => {
    // Prepare: #1 paused by the person; then the bot is blocked and the sweeper pauses the chat.
    const chat = 921;
    agent.setNow(T0);
    await agent.say(chat, 'in 1 hour one');
    await agent.say(chat, 'in 2 hours two');
    await agent.say(chat, 'in 3 hours three');
    await agent.say(chat, 'pause 2');
    agent.standIn.faults.block(chat);
    agent.setNow(at(HOUR + MINUTE));
    await sweepOnAgentClock(agent);
    expect((await agent.store.getChatSettings(chat))?.blocked).toBe(true);

    // Act: the person unblocks the bot and writes.
    agent.standIn.faults.unblock(chat);
    await agent.say(chat, 'list');

    // Assess
    const rows = (await agent.store.listReminders(chat)).items;
    expect(rows.map((r) => [r.shortId, r.status, r.userPausedAt !== undefined])).toEqual([
      [3, 'pending', false],
      [1, 'failed', false],
      [2, 'paused', true],
    ]);
  });
});

describe('in a group', () => {
  it('only the creator can pause or resume a reminder; others are told who can', async () => {
    const group = -921;
    const alice = { id: 6101, is_bot: false, first_name: 'Alice', language_code: 'en' };
    const bob = { id: 6102, is_bot: false, first_name: 'Bob', language_code: 'en' };
    agent.setNow(T0);
    await agent.say(group, 'in 2 hours order the cake', alice);

    const refused = only(await agent.say(group, 'pause 1', bob)).text;

    expect(refused).toBe('Only the person who set #1 or a group admin can change it.');
    expect((await agent.store.getReminderByShortId(group, 1))?.status).toBe('pending');
    expect(only(await agent.say(group, 'pause 1', alice)).text).toMatch(/^⏸ Paused #1/);
  });
});
