import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { upcomingOccurrences } from '../../core/time/index.ts';
import { useAgent } from './harness.ts';

// /export end to end: the agent sends the chat's reminders as an .ics through sendDocument to the Telegram
// stand-in over real HTTP (multipart upload); ical.js reads the file back. T0 is Tue 24 Nov 2026 09:00 UTC.

const agent = useAgent();

describe('/export', () => {
  it('sends an .ics with one VEVENT per reminder whose occurrences match Nudge\'s own', async () => {
    // Prepare
    await agent.say(1461, '/tz Berlin');
    await agent.say(1461, '/every other monday at 10 1:1');
    await agent.say(1461, '/remind tomorrow at 10 dentist');
    // Act
    const replies = await agent.say(1461, '/export');
    // Assess: the file, then a reply that says what it holds.
    const file = replies.find((m) => m.document !== undefined);
    expect(file?.document).toMatchObject({ file_name: 'nudge-reminders.ics', mime_type: 'text/calendar' });
    expect(file?.text).toBe('📅 2 reminders as a calendar file');
    expect(replies.at(-1)?.text).toContain('📅 Sent 2 reminders as nudge-reminders.ics');
    const calendar = new ICAL.Component(ICAL.parse(Buffer.from(file?.document?.content_base64 ?? '', 'base64').toString('utf8')));
    for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.summary).sort()).toEqual(['1:1', 'dentist']);
    const repeating = events.find((e) => e.summary === '1:1');
    const stored = await agent.store.getReminderByShortId(1461, 1);
    if (!repeating || stored?.schedule.kind !== 'recurring') throw new Error('expected the repeating reminder');
    const it = repeating.iterator();
    const theirs = [it.next(), it.next(), it.next()].map((t) => t?.toJSDate().toISOString());
    expect(theirs).toEqual(upcomingOccurrences(stored.schedule, new Date('2026-11-24T09:00:00Z'), 3).map((d) => d.toISOString()));
  });

  it('with no reminders says so and sends no file', async () => {
    const replies = await agent.say(1462, '/export');
    expect(replies.map((m) => m.text)).toEqual(['You have no reminders to export yet.']);
  });
});
