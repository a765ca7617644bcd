import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buttonData, only, startAgent, startBackends, T0, type AgentUnderTest, type Backends } from './harness.ts';

// Issue #14: where a date or an hour could be read two ways, the confirmation says which reading it took and
// "↔️ I meant …" moves the reminder (or the unsure draft) to the other one with one tap. Over HTTP with the
// stand-in and dynalite, no model. T0 is Tue 24 Nov 2026 09:00 UTC (10:00 in Berlin).

let backends: Backends;
let agent: AgentUnderTest;

beforeAll(async () => {
  backends = await startBackends();
  agent = await startAgent(backends, { now: T0 });
});
afterAll(async () => {
  await agent?.stop();
  await backends?.stop();
});
beforeEach(() => agent.setNow(T0));

// Two members of the group chats below: Alice sets reminders, Bob is neither their setter nor an admin.
const alice = { id: 16131, is_bot: false, first_name: 'Alice', language_code: 'en' };
const bob = { id: 16132, is_bot: false, first_name: 'Bob', language_code: 'en' };
const buttonTexts = (message: { buttons: Array<Array<{ text: string }>> }) => message.buttons.flat().map((b) => b.text);
const lastAnswer = (chatId: number) => backends.standIn.callbackAnswers(chatId).at(-1)?.text;

describe('one tap for the other reading', () => {
  it('an ambiguous numeric date: the tap moves the saved reminder to the other order, keeping its number and text', async () => {
    // Prepare
    await agent.say(1601, '/tz Berlin');
    const confirmation = only(await agent.say(1601, 'remind me on 03.12 at 10 dentist'));
    const before = await agent.store.getReminderByShortId(1601, 1);
    // Act
    const data = buttonData(confirmation, '↔️ I meant Fri 12 Mar 2027 10:00');
    const sent = await agent.press(1601, confirmation.message_id, data);
    // Assess
    expect(confirmation.text).toBe('⏰ #1 Thu 3 Dec 10:00 — dentist\nℹ️ I read 03.12 as 3 December (day first, as usual in Europe/Berlin); for 12 March write "12 march".');
    expect(buttonTexts(confirmation)).toEqual(['↩️ Undo', '✏️ Change', '↔️ I meant Fri 12 Mar 2027 10:00']);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(sent).toEqual([]);
    const after = await agent.store.getReminderByShortId(1601, 1);
    expect(after).toMatchObject({ id: before?.id, text: 'dentist', dueAt: '2027-03-12T09:00:00.000Z', schedule: { kind: 'once' } });
    expect(lastAnswer(1601)).toBe('Changed #1');
    const edited = agent.botMessages(1601).find((m) => m.message_id === confirmation.message_id);
    expect(edited?.text).toBe(`${confirmation.text}\n\n↔️ Changed to the other reading: ⏰ #1 Fri 12 Mar 2027 10:00 — dentist`);
    expect(edited?.buttons).toEqual([]);
  });

  it('tapped twice, the second tap changes nothing and says where the reminder stands', async () => {
    // Prepare: two taps queued before either is handled (a double-tap racing the edit that removes the button)
    await agent.say(1602, '/tz Berlin');
    const confirmation = only(await agent.say(1602, 'remind me on 03.12 at 10 dentist'));
    const data = buttonData(confirmation, '↔️ I meant Fri 12 Mar 2027 10:00');
    const updates = await backends.queuePresses(1602, confirmation.message_id, [data, data]);
    // Act
    for (const update of updates) expect((await agent.invoke({ type: 'telegram_update', update })).status).toBe(200);
    await agent.server.idle();
    // Assess
    expect(backends.standIn.callbackAnswers(1602).map((a) => a.text)).toEqual(['Changed #1', 'Already answered — #1 is set for Fri 12 Mar 2027 10:00.']);
    expect((await agent.store.listReminders(1602)).items.map((r) => [r.shortId, r.dueAt, r.text])).toEqual([[1, '2027-03-12T09:00:00.000Z', 'dentist']]);
  });

  it('12/03 in New York is 3 December first (month first), 12 March one tap away', async () => {
    // Prepare
    await agent.say(1603, '/tz America/New_York');
    // Act
    const confirmation = only(await agent.say(1603, '/remind 12/03 at 10 dentist'));
    await agent.press(1603, confirmation.message_id, buttonData(confirmation, '↔️ I meant Fri 12 Mar 2027 10:00'));
    // Assess
    expect(confirmation.text).toMatch(/^⏰ #1 Thu 3 Dec 10:00 — dentist\nℹ️ I read 12\/03 as 3 December \(month first/);
    expect((await agent.store.getReminderByShortId(1603, 1))?.dueAt).toBe('2027-03-12T15:00:00.000Z');
  });

  it('"at 5" at 10:00 is 17:00 today; the tap makes it 05:00 tomorrow', async () => {
    // Prepare
    await agent.say(1604, '/tz Berlin');
    // Act
    const confirmation = only(await agent.say(1604, 'remind me at 5 to call mom'));
    await agent.press(1604, confirmation.message_id, buttonData(confirmation, '↔️ I meant Wed 25 Nov 05:00'));
    // Assess
    expect(confirmation.text).toBe('⏰ #1 Tue 24 Nov 17:00 — call mom\nℹ️ I took "5" as 17:00, the next 5 o\'clock; write 5am for the morning one.');
    expect(await agent.store.getReminderByShortId(1604, 1)).toMatchObject({ text: 'call mom', dueAt: '2026-11-25T04:00:00.000Z' });
  });

  it('"at 5" after 17:00 is 05:00 tomorrow; the tap makes it 17:00 tomorrow', async () => {
    // Prepare: 18:30 in Berlin
    agent.setNow(new Date('2026-11-24T17:30:00Z'));
    await agent.say(1605, '/tz Berlin');
    // Act
    const confirmation = only(await agent.say(1605, 'remind me at 5 to call mom'));
    await agent.press(1605, confirmation.message_id, buttonData(confirmation, '↔️ I meant Wed 25 Nov 17:00'));
    // Assess
    expect(confirmation.text).toMatch(/^⏰ #1 Wed 25 Nov 05:00 — call mom\nℹ️ I took "5" as 05:00/);
    expect((await agent.store.getReminderByShortId(1605, 1))?.dueAt).toBe('2026-11-25T16:00:00.000Z');
  });

  it('a repeating reminder starting on an ambiguous date: the tap moves its start, rule and number kept', async () => {
    // Prepare
    await agent.say(1606, '/tz Berlin');
    // Act
    const confirmation = only(await agent.say(1606, 'every day at 9 starting 03.12 vitamins'));
    await agent.press(1606, confirmation.message_id, buttonData(confirmation, '↔️ I meant Fri 12 Mar 2027 09:00'));
    // Assess
    expect(confirmation.text).toMatch(/^🔁 #1 every day at 09:00 \(Europe\/Berlin\), next: Thu 3 Dec 09:00, then Fri 4 Dec 09:00 — vitamins\nℹ️ I read 03\.12 as 3 December/);
    const stored = await agent.store.getReminderByShortId(1606, 1);
    expect(stored).toMatchObject({ text: 'vitamins', dueAt: '2027-03-12T08:00:00.000Z' });
    expect(stored?.schedule).toEqual({ kind: 'recurring', rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', dtstart: '2027-03-12T09:00:00', tz: 'Europe/Berlin' });
    const edited = agent.botMessages(1606).find((m) => m.message_id === confirmation.message_id);
    expect(edited?.text).toMatch(/↔️ Changed to the other reading: 🔁 #1 every day at 09:00 \(Europe\/Berlin\), next: Fri 12 Mar 2027 09:00, then Sat 13 Mar 2027 09:00 — vitamins$/);
  });

  it('move #1 to 9:15 in Berlin is 09:15 (24-hour clock), tomorrow since it has passed; the tap makes it 21:15 today', async () => {
    // Prepare
    await agent.say(1607, '/tz Berlin');
    await agent.say(1607, 'remind me tomorrow at 8 to water plants');
    // Act
    const moved = only(await agent.say(1607, 'move #1 to 9:15'));
    await agent.press(1607, moved.message_id, buttonData(moved, '↔️ I meant Tue 24 Nov 21:15'));
    // Assess
    expect(moved.text).toBe('✏️ Moved: ⏰ #1 Wed 25 Nov 09:15 — water plants\nℹ️ I took "9:15" as 09:15 (24-hour clock, as usual in Europe/Berlin); write 21:15 for the evening one.');
    expect(await agent.store.getReminderByShortId(1607, 1)).toMatchObject({ text: 'water plants', dueAt: '2026-11-24T20:15:00.000Z' });
  });

  it('/edit of a repeating reminder to "5" offers only-next / every-time for both readings', async () => {
    // Prepare
    await agent.say(1608, '/tz Berlin');
    await agent.say(1608, '/every day at 8 vitamins');
    // Act
    const question = only(await agent.say(1608, '/edit #1 at 5'));
    await agent.press(1608, question.message_id, buttonData(question, 'Every time, at 05:00'));
    // Assess
    expect(buttonTexts(question)).toEqual(['Only the next one (Tue 24 Nov 17:00)', 'Every time, at 17:00', 'Only the next one (Wed 25 Nov 05:00)', 'Every time, at 05:00']);
    expect(question.text).toContain('ℹ️ I took "5" as 17:00');
    expect((await agent.store.getReminderByShortId(1608, 1))?.schedule).toMatchObject({ rrule: 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0' });
  });

  it('an unsure reading with an ambiguous date: the tap replaces the draft, and ✅ Save saves the other reading', async () => {
    // Prepare
    await agent.say(1609, '/tz Berlin');
    const offer = only(await agent.say(1609, 'remind me on 03.12 at 10 and 20 to take pills'));
    // Act
    await agent.press(1609, offer.message_id, buttonData(offer, '↔️ I meant Fri 12 Mar 2027 10:00'));
    const edited = agent.botMessages(1609).find((m) => m.message_id === offer.message_id);
    const saved = only(await agent.press(1609, offer.message_id, buttonData(edited ?? { buttons: [] }, '✅ Save as shown')));
    // Assess
    expect(buttonTexts(offer)).toEqual(['✅ Save as shown', '✏️ Change', '❌ Cancel', '↔️ I meant Fri 12 Mar 2027 10:00']);
    expect(edited?.text).toMatch(/\n\n↔️ The other reading: Fri 12 Mar 2027 10:00 — and 20 to take pills\. Save it as shown\?$/);
    expect(buttonTexts(edited ?? { buttons: [] })).toEqual(['✅ Save as shown', '✏️ Change', '❌ Cancel']);
    expect(saved.text).toBe('⏰ #1 Fri 12 Mar 2027 10:00 — and 20 to take pills');
    expect((await agent.store.listReminders(1609)).items).toHaveLength(1);
  });

  it('a phrase read one way only gets no extra button', async () => {
    await agent.say(1610, '/tz Berlin');
    for (const text of ['remind me on 13.12 at 10 dentist', 'remind me at 5pm call mom', 'remind me on 03.03 at 10 pay rent', 'remind me tomorrow at 5 run']) {
      const reply = only(await agent.say(1610, text));
      expect(reply.text, text).toMatch(/^(⏰|🔁) #\d/);
      expect(buttonTexts(reply), text).toEqual(['↩️ Undo', '✏️ Change']);
    }
  });

  it('in a group, another member\'s tap is refused and uses nothing up: the one who set it can still tap', async () => {
    // Prepare
    const group = -1613;
    await agent.say(group, '/tz Berlin', alice);
    const confirmation = only(await agent.say(group, 'remind me on 03.12 at 10 dentist', alice));
    const data = buttonData(confirmation, '↔️ I meant Fri 12 Mar 2027 10:00');
    // Act
    await agent.press(group, confirmation.message_id, data, bob);
    const bobsAnswer = lastAnswer(group);
    const afterBob = (await agent.store.getReminderByShortId(group, 1))?.dueAt;
    await agent.press(group, confirmation.message_id, data, alice);
    // Assess
    expect(bobsAnswer).toBe('Only the person who set #1 or a group admin can change it.');
    expect(afterBob).toBe('2026-12-03T09:00:00.000Z');
    expect(lastAnswer(group)).toBe('Changed #1');
    expect((await agent.store.getReminderByShortId(group, 1))?.dueAt).toBe('2027-03-12T09:00:00.000Z');
  });
});

describe('one tap for the other half of the day in a repeating rule', () => {
  const RULE_5 = 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0';
  const RULE_17 = 'FREQ=DAILY;BYHOUR=17;BYMINUTE=0';

  it('"every day at 5" stays 05:00 and says so; the tap moves the series to 17:00, keeping its number and text', async () => {
    // Prepare
    await agent.say(1620, '/tz Berlin');
    const confirmation = only(await agent.say(1620, 'every day at 5 take pills'));
    const before = await agent.store.getReminderByShortId(1620, 1);
    // Act
    const data = buttonData(confirmation, '↔️ I meant 17:00');
    await agent.press(1620, confirmation.message_id, data);
    // Assess
    expect(confirmation.text).toBe('🔁 #1 every day at 05:00 (Europe/Berlin), next: Wed 25 Nov 05:00, then Thu 26 Nov 05:00 — take pills\n' +
      'ℹ️ I took "5" as 05:00 each time; write 5pm for the evening one.');
    expect(buttonTexts(confirmation)).toEqual(['↩️ Undo', '✏️ Change', '↔️ I meant 17:00']);
    expect(before?.schedule).toMatchObject({ rrule: RULE_5 });
    const after = await agent.store.getReminderByShortId(1620, 1);
    expect(after).toMatchObject({ id: before?.id, shortId: 1, text: 'take pills', dueAt: '2026-11-24T16:00:00.000Z' });
    expect(after?.schedule).toEqual({ kind: 'recurring', rrule: RULE_17, dtstart: '2026-11-24T17:00:00', tz: 'Europe/Berlin' });
    expect(lastAnswer(1620)).toBe('Changed #1');
    const edited = agent.botMessages(1620).find((m) => m.message_id === confirmation.message_id);
    expect(edited?.text).toBe(`${confirmation.text}\n\n↔️ Changed to the other reading: 🔁 #1 every day at 17:00 (Europe/Berlin), next: Tue 24 Nov 17:00, then Wed 25 Nov 17:00 — take pills`);
    expect(edited?.buttons).toEqual([]);
  });

  it('a second tap changes nothing and says where the rule stands', async () => {
    // Prepare: two taps queued before either is handled (a double-tap racing the edit that removes the button)
    await agent.say(1621, '/tz Berlin');
    const confirmation = only(await agent.say(1621, 'every weekday at 8 standup'));
    const data = buttonData(confirmation, '↔️ I meant 20:00');
    const updates = await backends.queuePresses(1621, confirmation.message_id, [data, data]);
    // Act
    for (const update of updates) expect((await agent.invoke({ type: 'telegram_update', update })).status).toBe(200);
    await agent.server.idle();
    // Assess
    expect(backends.standIn.callbackAnswers(1621).map((a) => a.text)).toEqual(['Changed #1', 'Already answered — #1 is set for Tue 24 Nov 20:00.']);
    const stored = await agent.store.listReminders(1621);
    expect(stored.items.map((r) => [r.shortId, r.text, r.dueAt, r.schedule.kind === 'recurring' && r.schedule.rrule])).toEqual([
      [1, 'standup', '2026-11-24T19:00:00.000Z', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=20;BYMINUTE=0'],
    ]);
  });

  it('tapped after the offered 17:00 has passed (the button waits a day), the series starts at the next 17:00', async () => {
    // Prepare: set at 10:00, tapped at 18:00 Berlin
    await agent.say(1622, '/tz Berlin');
    const confirmation = only(await agent.say(1622, 'every day at 5 take pills'));
    agent.setNow(new Date('2026-11-24T17:00:00Z'));
    // Act
    await agent.press(1622, confirmation.message_id, buttonData(confirmation, '↔️ I meant 17:00'));
    // Assess
    expect(lastAnswer(1622)).toBe('Changed #1');
    const stored = await agent.store.getReminderByShortId(1622, 1);
    expect([stored?.dueAt, stored?.schedule.kind === 'recurring' && stored.schedule.rrule]).toEqual(['2026-11-25T16:00:00.000Z', RULE_17]);
  });

  it('a day later the button has expired: the tap changes nothing and says where the rule stands', async () => {
    // Prepare
    await agent.say(1623, '/tz Berlin');
    const confirmation = only(await agent.say(1623, 'every day at 5 take pills'));
    agent.setNow(new Date(T0.getTime() + 25 * 3600_000));
    // Act
    await agent.press(1623, confirmation.message_id, buttonData(confirmation, '↔️ I meant 17:00'));
    // Assess
    const stored = await agent.store.getReminderByShortId(1623, 1);
    expect([stored?.dueAt, stored?.schedule.kind === 'recurring' && stored.schedule.rrule]).toEqual(['2026-11-25T04:00:00.000Z', RULE_5]);
    expect(lastAnswer(1623)).toBe('Already answered — #1 is set for Wed 25 Nov 05:00.');
  });

  it('in German: "jeden Tag um 5" stays 05:00, the button names 17:00 in German, and the tap moves the series', async () => {
    // Prepare
    await agent.say(1624, '/tz Berlin');
    await agent.say(1624, '/lang de');
    // Act
    const confirmation = only(await agent.say(1624, 'jeden Tag um 5 Tabletten'));
    await agent.press(1624, confirmation.message_id, buttonData(confirmation, '↔️ Gemeint: 17:00'));
    // Assess
    expect(confirmation.text).toMatch(/^🔁 #1 .*05:00.* — Tabletten$/);
    expect(confirmation.text).not.toContain('ℹ️');
    expect(buttonTexts(confirmation)).toContain('↔️ Gemeint: 17:00');
    expect((await agent.store.getReminderByShortId(1624, 1))?.schedule).toMatchObject({ rrule: RULE_17 });
  });

  it('in a group, another member\'s tap is refused and uses nothing up; the one who set it can tap', async () => {
    // Prepare
    const group = -1625;
    await agent.say(group, '/tz Berlin', alice);
    const confirmation = only(await agent.say(group, 'every monday at 7 gym', alice));
    const data = buttonData(confirmation, '↔️ I meant 19:00');
    // Act
    await agent.press(group, confirmation.message_id, data, bob);
    const bobsAnswer = lastAnswer(group);
    const afterBob = (await agent.store.getReminderByShortId(group, 1))?.schedule;
    await agent.press(group, confirmation.message_id, data, alice);
    // Assess
    expect(bobsAnswer).toBe('Only the person who set #1 or a group admin can change it.');
    expect(afterBob).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=0' });
    expect(lastAnswer(group)).toBe('Changed #1');
    const stored = await agent.store.getReminderByShortId(group, 1);
    expect([stored?.dueAt, stored?.schedule.kind === 'recurring' && stored.schedule.rrule]).toEqual(['2026-11-30T18:00:00.000Z', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=19;BYMINUTE=0']);
  });

  it('an unsure rule with an hour alone: the tap replaces the draft with the 17:00 rule, and ✅ Save saves that', async () => {
    // Prepare
    await agent.say(1627, '/tz Berlin');
    const offer = only(await agent.say(1627, 'every day at 5 and evening take pills'));
    // Act
    await agent.press(1627, offer.message_id, buttonData(offer, '↔️ I meant 17:00'));
    const edited = agent.botMessages(1627).find((m) => m.message_id === offer.message_id);
    const saved = only(await agent.press(1627, offer.message_id, buttonData(edited ?? { buttons: [] }, '✅ Save as shown')));
    // Assess
    expect(offer.text).toContain('I understood: every day at 05:00 (Europe/Berlin)');
    expect(buttonTexts(offer)).toEqual(['✅ Save as shown', '✏️ Change', '❌ Cancel', '↔️ I meant 17:00']);
    expect(edited?.text).toMatch(/\n\n↔️ The other reading: every day at 17:00 \(Europe\/Berlin\), next: Tue 24 Nov 17:00[^\n]* — and evening take pills\. Save it as shown\?$/);
    expect(saved.text).toMatch(/^🔁 #1 every day at 17:00 \(Europe\/Berlin\), next: Tue 24 Nov 17:00/);
    const stored = (await agent.store.listReminders(1627)).items;
    expect(stored.map((r) => [r.dueAt, r.schedule.kind === 'recurring' && r.schedule.rrule])).toEqual([['2026-11-24T16:00:00.000Z', RULE_17]]);
  });

  it('a rule whose hour says its half of the day gets no extra button and no note', async () => {
    await agent.say(1626, '/tz Berlin');
    for (const text of ['every day at 5pm feed the cat', 'every day at 17 feed the cat', 'every day at 17:00 feed the cat', 'every day at 05:00 feed the cat',
      'every day at 5 in the evening feed the cat', 'every evening at 5 feed the cat', 'every day at 9:15 feed the cat', 'every day at 8 and 20 feed the cat']) {
      const reply = only(await agent.say(1626, text));
      expect(reply.text, text).toMatch(/^🔁 #\d+ [^\n]*$/);
      expect(buttonTexts(reply), text).toEqual(['↩️ Undo', '✏️ Change']);
    }
  });
});
