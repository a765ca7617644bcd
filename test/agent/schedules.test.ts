import { describe, expect, it } from 'vitest';
import { buttonData, only, useAgent } from './harness.ts';

// Issue #14 through the deterministic path: stand-in → agent → dynalite → reply. T0 is Tue 24 Nov 2026 09:00 UTC.

const agent = useAgent();

describe('schedules as people say them', () => {
  it('"every other monday at 10" is stored as an RFC 5545 rule and confirmed from it', async () => {
    // Prepare
    await agent.say(1401, '/tz Berlin');
    // Act
    const reply = only(await agent.say(1401, 'remind me every other monday at 10 about the 1:1'));
    // Assess
    expect(reply.text).toBe('🔁 #1 every other Monday at 10:00 (Europe/Berlin), next: Mon 30 Nov 10:00, then Mon 14 Dec 10:00 — the 1:1\n' +
      'ℹ️ I took "10" as 10:00 each time; write 10pm for the evening one.');
    const stored = await agent.store.getReminderByShortId(1401, 1);
    expect(stored?.schedule).toEqual({ kind: 'recurring', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=10;BYMINUTE=0', dtstart: '2026-11-30T10:00:00', tz: 'Europe/Berlin' });
  });

  it('a numeric date is read in the chat\'s order and the confirmation says which reading it took', async () => {
    await agent.say(1402, '/tz Berlin');
    const reply = only(await agent.say(1402, '/remind on 03.12 at 10 dentist'));
    expect(reply.text).toContain('⏰ #1 Thu 3 Dec 10:00 — dentist');
    expect(reply.text).toContain('ℹ️ I read 03.12 as 3 December (day first, as usual in Europe/Berlin); for 12 March write "12 march".');
  });

  it('time words left unread save nothing: the reply shows what was understood, with ✅ Save / ✏️ Change / ❌ Cancel', async () => {
    // Prepare
    await agent.say(1403, '/tz Berlin');
    // Act: "tomorrow at 10 and 20" — the second time of a one-time reminder has nowhere to go.
    const reply = only(await agent.say(1403, 'remind me tomorrow at 10 and 20 to take pills'));
    // Assess
    expect(reply.text).toContain("I'm not sure I read that right, so I haven't saved it. I understood: Wed 25 Nov 10:00 — and 20 to take pills.");
    expect(reply.text).toContain('"and 20"');
    expect(reply.buttons.flat().map((b) => b.text)).toEqual(['✅ Save as shown', '✏️ Change', '❌ Cancel']);
    expect((await agent.store.listReminders(1403)).items).toEqual([]);
  });

  it('✅ Save as shown saves exactly what was shown, once', async () => {
    // Prepare
    await agent.say(1405, '/tz Berlin');
    const offer = only(await agent.say(1405, 'remind me tomorrow at 10 and 20 to take pills'));
    const save = buttonData(offer, '✅ Save as shown');
    // Act
    const saved = only(await agent.press(1405, offer.message_id, save));
    const again = await agent.press(1405, offer.message_id, save).catch(() => []);
    // Assess
    expect(saved.text).toBe('⏰ #1 Wed 25 Nov 10:00 — and 20 to take pills');
    expect((await agent.store.listReminders(1405)).items).toHaveLength(1);
    // The buttons are gone, so the client cannot press again; and the draft itself is taken once.
    expect(again).toEqual([]);
    expect(agent.botMessages(1405).find((m) => m.message_id === offer.message_id)?.buttons).toEqual([]);
    const draftId = save.split(':')[2] ?? '';
    expect(await agent.store.takeDraft(1405, draftId, new Date())).toBeUndefined();
  });

  it('❌ Cancel and ✏️ Change save nothing', async () => {
    await agent.say(1406, '/tz Berlin');
    const first = only(await agent.say(1406, 'remind me tomorrow at 10 and 20 to take pills'));
    const cancelled = only(await agent.press(1406, first.message_id, first.buttons.flat()[2]?.callback_data ?? ''));
    const second = only(await agent.say(1406, 'every sunday at 9 water plants on 12/30/31'));
    const changed = only(await agent.press(1406, second.message_id, second.buttons.flat()[1]?.callback_data ?? ''));
    expect(cancelled.text).toBe('❌ Cancelled — nothing saved.');
    expect(changed.text).toContain('Nothing saved. Send');
    expect((await agent.store.listReminders(1406)).items).toEqual([]);
  });

  it('raw cron stays available to power users', async () => {
    await agent.say(1404, '/tz Berlin');
    const reply = only(await agent.say(1404, '/every cron 0 9 * * 1-5 standup'));
    expect(reply.text).toBe('🔁 #1 every weekday at 09:00 (Europe/Berlin), next: Wed 25 Nov 09:00, then Thu 26 Nov 09:00 — standup');
    expect((await agent.store.getReminderByShortId(1404, 1))?.schedule).toEqual({ kind: 'recurring', cron: '0 9 * * 1-5', tz: 'Europe/Berlin' });
  });
});
