import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWhenDue, startSweeperTimer, sweep, type SweepReport } from '../../core/sweeper/index.ts';
import { countAtStandIn, createMany, depsFor, realSleep, RecordingLog, ShiftedClock, startRig, storeOver, type SweeperRig } from './support.ts';

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());

describe('on the second', () => {
  it('delivers reminders due at random seconds over ~16 s within 1 s of their due time, across several timer runs', async () => {
    // Prepare: 40 reminders at random whole seconds 4–19 s from now, over 20 chats (the benchmark does two minutes).
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const firstSecond = Math.ceil(now.getTime() / 1000) * 1000 + 4_000;
    const inputs = Array.from({ length: 40 }, (_, i) => ({
      chatId: 8_000 + (i % 20),
      text: `precise-${i}-end`,
      work: 'message' as const,
      schedule: { kind: 'once' as const },
      tz: 'UTC',
      dueAt: new Date(firstSecond + Math.floor(Math.random() * 16) * 1000),
    }));
    const created = await createMany(store, inputs, now);
    const lastDue = Math.max(...inputs.map((input) => input.dueAt.getTime()));

    // Act: the local timer, every 6 s with a 6 s look-ahead, so runs hand over several times.
    const reports: SweepReport[] = [];
    const timer = startSweeperTimer({ deps: depsFor(rig, { store, clock }), intervalMs: 6_000, sweep: { lookAheadMs: 6_000 }, onReport: (r) => reports.push(r) });
    while (Date.now() < lastDue + 1_500 && countAtStandIn(rig.standIn, 'precise-') < 40) await realSleep(250);
    await timer.stop();

    // Assess: measured at the stand-in (when it accepted the message) against each due time.
    const lags = created.map((reminder) => {
      const sent = rig.standIn.sentMessages(reminder.chatId).filter((m) => m.text.endsWith(` ${reminder.text}`));
      expect(sent).toHaveLength(1);
      return sent[0]!.received_at - Date.parse(reminder.dueAt);
    });
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lags)).toBeLessThan(1_000);
    expect(reports.length).toBeGreaterThanOrEqual(3);
    const sorted = [...lags].sort((a, b) => a - b);
    console.log(`precision over ${lags.length} reminders: p50 ${sorted[Math.floor(lags.length / 2)]} ms, max ${sorted.at(-1)} ms, runs ${reports.length}`);
  }, 70_000);
});

describe('due sooner than the next run', () => {
  it('deliverWhenDue delivers a reminder written just after a run on its second, once, even while a sweep overlaps', async () => {
    // Prepare: a run has just finished with nothing due; then "in 3 seconds" is written.
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const idle = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 60_000) });
    const now = clock.now();
    const reminder = await store.createReminder(
      { chatId: 8_100, text: 'pizza-out', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(Math.ceil(now.getTime() / 1000) * 1000 + 3_000) },
      now,
    );

    // Act: the creator's timer and an overlapping sweeper race for it.
    const [own, overlapping] = await Promise.all([
      deliverWhenDue(reminder, depsFor(rig, { store, clock })),
      sweep(depsFor(rig, { store, clock }), { deadline: new Date(now.getTime() + 60_000) }),
    ]);

    // Assess
    expect(idle.dueFound).toBe(0);
    expect(countAtStandIn(rig.standIn, 'pizza-out')).toBe(1);
    const winner = own?.outcome === 'delivered' ? own : overlapping.rows.find((r) => r.outcome === 'delivered');
    const loser = own?.outcome === 'delivered' ? overlapping.rows[0] : own;
    expect(winner?.lagMs).toBeGreaterThanOrEqual(0);
    expect(winner?.lagMs).toBeLessThan(1_000);
    expect(loser?.outcome).toBe('claim-conflict');
    expect(await store.getReminder(8_100, reminder.id)).toBeUndefined();
  });

  it('deliverWhenDue does nothing for a reminder the user cancelled meanwhile, and leaves far-off ones to the sweeper', async () => {
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const soon = await store.createReminder({ chatId: 8_200, text: 'cancelled-soon', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now.getTime() + 2_000) }, now);
    const far = await store.createReminder({ chatId: 8_200, text: 'far-off', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now.getTime() + 600_000) }, now);

    const log = new RecordingLog();
    const pending = deliverWhenDue(soon, depsFor(rig, { store, clock, log }));
    await store.cancelReminder(8_200, soon.id);
    const [cancelled, farOff] = await Promise.all([pending, deliverWhenDue(far, depsFor(rig, { store, clock }))]);

    expect(cancelled?.outcome).toBe('claim-conflict');
    // The log says what happened: nothing was delivered by this timer.
    expect(log.lines.map((l) => l.message).filter((m) => m.includes('timer'))).toEqual([expect.stringMatching(/^reminder timer found the row already taken/)]);
    expect(log.lines.some((l) => l.message.includes('delivered'))).toBe(false);
    expect(farOff).toBeUndefined();
    expect(rig.standIn.sentMessages(8_200)).toHaveLength(0);
  });
});

describe('local timer', () => {
  it('stop() waits for the run in flight, which delivers what it had taken', async () => {
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    await store.createReminder({ chatId: 8_300, text: 'before-stop', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now.getTime() + 1_500) }, now);

    const timer = startSweeperTimer({ deps: depsFor(rig, { store, clock }), intervalMs: 60_000 });
    await realSleep(300); // the start-up run has found the row and is waiting for its second
    await timer.stop();

    expect(countAtStandIn(rig.standIn, 'before-stop')).toBe(1);
  });
});
