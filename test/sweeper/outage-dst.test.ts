import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewReminder, RecurringSchedule } from '../../core/store/index.ts';
import { sweep } from '../../core/sweeper/index.ts';
import { nextOccurrence } from '../../core/time/next-occurrence.ts';
import { countAtStandIn, createMany, depsFor, ShiftedClock, startRig, storeOver, type SweeperRig } from './support.ts';

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());

const HOUR = 3_600_000;

describe('after a 6-hour outage', () => {
  it('delivers every missed one-time reminder once with a lateness note, fires each recurring one once, then resumes on schedule', async () => {
    // Prepare: one-time reminders every 30 min over the outage, and three recurring ones that miss many occurrences.
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const start = clock.now();
    const oneTime: NewReminder[] = Array.from({ length: 12 }, (_, i) => ({
      chatId: 500 + (i % 3),
      text: `outage-once-${i}-end`,
      work: 'message',
      schedule: { kind: 'once' },
      tz: 'Europe/Berlin',
      dueAt: new Date(start.getTime() + (i + 1) * 30 * 60_000),
    }));
    const schedules: RecurringSchedule[] = [
      { kind: 'recurring', cron: '*/15 * * * *', tz: 'UTC' },
      { kind: 'recurring', cron: '0 * * * *', tz: 'Asia/Kolkata' },
      { kind: 'recurring', cron: '30 */2 * * *', tz: 'America/New_York' },
    ];
    const recurring: NewReminder[] = schedules.map((schedule, i) => ({
      chatId: 600 + i,
      text: `outage-every-${i}-end`,
      work: 'message',
      schedule,
      tz: schedule.tz,
      dueAt: nextOccurrence(schedule, start)!,
    }));
    const created = await createMany(store, [...oneTime, ...recurring], start);

    // Act: the sweeper comes back six hours later.
    clock.set(new Date(start.getTime() + 6 * HOUR + 5 * 60_000));
    const back = clock.now();
    const report = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(back.getTime() + 60_000) });

    // Assess: every one-time reminder once, each saying it is late; nothing left of them.
    expect(report.delivered).toBe(15);
    expect(report.late).toBe(15);
    for (let i = 0; i < 12; i++) {
      const sent = rig.standIn.sentMessages(500 + (i % 3)).filter((m) => m.text.includes(`outage-once-${i}-end`));
      expect(sent).toHaveLength(1);
      expect(sent[0]?.text).toMatch(/\n\(was due (\d+ h|\d+ h \d+ min|\d+ min) ago\)$/);
      expect(await store.getReminder(500 + (i % 3), created[i]!.id)).toBeUndefined();
    }
    // Each recurring one fired once (not once per missed occurrence) and is re-armed to its next occurrence after now.
    for (let i = 0; i < 3; i++) {
      expect(countAtStandIn(rig.standIn, `outage-every-${i}-end`)).toBe(1);
      const row = await store.getReminder(600 + i, created[12 + i]!.id);
      expect(row).toMatchObject({ status: 'pending', firedCount: 1 });
      expect(Date.parse(row!.dueAt)).toBeGreaterThan(back.getTime());
      expect(row!.dueAt).toBe(nextOccurrence(schedules[i]!, back)!.toISOString());
    }

    // Act again: step the clock from one occurrence to the next, six times (one run may take several rows).
    const ids = [0, 1, 2].map((i) => created[12 + i]!.id);
    const onTime: Array<(typeof report.rows)[number]> = [];
    for (let step = 0; step < 6; step++) {
      const rows = await Promise.all(ids.map(async (id, i) => (await store.getReminder(600 + i, id))!));
      const earliest = Math.min(...rows.map((row) => Date.parse(row.dueAt)));
      clock.set(new Date(earliest - 1_200));
      onTime.push(...(await sweep(depsFor(rig, { store, clock }), { deadline: new Date(earliest + 30_000) })).rows);
    }
    // Assess: every later firing on its second, none late, and each series follows its schedule with no gap.
    expect(onTime.length).toBeGreaterThanOrEqual(6);
    for (const row of onTime) {
      expect(row).toMatchObject({ outcome: 'delivered', late: false });
      expect(row.lagMs).toBeGreaterThanOrEqual(0);
      expect(row.lagMs).toBeLessThan(1_000);
    }
    for (const [i, id] of ids.entries()) {
      const firings = onTime.filter((row) => row.reminderId === id).map((row) => row.dueAt);
      let expectedDue = nextOccurrence(schedules[i]!, back)!;
      for (const dueAt of firings) {
        expect(dueAt).toBe(expectedDue.toISOString());
        expectedDue = nextOccurrence(schedules[i]!, expectedDue)!;
      }
      const sent = rig.standIn.sentMessages(600 + i).filter((m) => m.text.includes(`outage-every-${i}-end`));
      expect(sent).toHaveLength(1 + firings.length);
      expect(sent.slice(1).every((m) => !m.text.includes('was due'))).toBe(true);
      expect((await store.getReminder(600 + i, id))?.firedCount).toBe(1 + firings.length);
    }
  }, 60_000);
});

describe('daylight saving time', () => {
  it.each([
    { label: 'spring forward (29 Mar 2026)', from: '2026-03-26T12:00:00.000Z', expected: ['2026-03-27T08:00:00.000Z', '2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z'] },
    { label: 'fall back (25 Oct 2026)', from: '2026-10-22T12:00:00.000Z', expected: ['2026-10-23T07:00:00.000Z', '2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z'] },
  ])('a daily 09:00 Europe/Berlin reminder fires at 09:00 local each day across $label', async ({ from, expected }) => {
    // Prepare
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const schedule: RecurringSchedule = { kind: 'recurring', cron: '0 9 * * *', tz: 'Europe/Berlin' };
    const chatId = from.startsWith('2026-03') ? 701 : 702;
    const reminder = await store.createReminder(
      { chatId, text: 'standup', work: 'message', schedule, tz: 'Europe/Berlin', dueAt: nextOccurrence(schedule, new Date(from))! },
      new Date(from),
    );
    const clock = new ShiftedClock();
    const deliveredAt: string[] = [];

    for (const instant of expected) {
      const at = Date.parse(instant);
      // Act: an hour early (where a fixed UTC offset would wrongly fire) nothing is due …
      clock.set(new Date(at - 3_600_000));
      const early = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(at - 3_600_000 + 30_000) });
      // … and a run just before 09:00 local delivers on the second.
      clock.set(new Date(at - 1_100));
      const report = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(at + 30_000) });

      // Assess
      expect(early.dueFound).toBe(0);
      expect(report.delivered).toBe(1);
      const row = report.rows[0]!;
      expect(row.dueAt).toBe(instant);
      expect(row.lagMs).toBeGreaterThanOrEqual(0);
      expect(row.lagMs).toBeLessThan(1_000);
      deliveredAt.push(row.deliveredAt!);
    }
    const wallClock = deliveredAt.map((iso) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(iso)));
    expect(wallClock).toEqual(['09:00', '09:00', '09:00', '09:00']);
    expect((await store.getReminder(chatId, reminder.id))?.firedCount).toBe(4);
    expect(rig.standIn.sentMessages(chatId).map((m) => m.text)).toEqual(Array(4).fill('⏰ #1 standup'));
  }, 60_000);
});
