import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelCommand } from '../../cli/cancel.ts';
import { snoozeCommand } from '../../cli/snooze.ts';
import { sweep } from '../../core/sweeper/index.ts';
import { countAtStandIn, createMany, depsFor, ShiftedClock, startRig, storeOver, type SweeperRig } from '../sweeper/support.ts';
import { runCommand } from './support.ts';

const ROWS = 40;

describe('admin cancel and snooze racing a sweep', () => {
  let rig: SweeperRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.stop());

  it('no reminder is delivered twice and none is lost, whichever wins each row', async () => {
    // Prepare: 40 one-time reminders in 40 chats, due within the same second, a few seconds from now.
    const table = await rig.dynamo.newTable('race');
    const store = storeOver(rig.dynamo.doc, table);
    const createdAt = new Date();
    const due = new Date(Math.ceil((createdAt.getTime() + 3_000) / 1000) * 1000);
    const reminders = await createMany(
      store,
      Array.from({ length: ROWS }, (_, i) => ({ chatId: 700_000 + i, text: `race-${i}-end`, work: 'message' as const, schedule: { kind: 'once' as const }, tz: 'UTC', dueAt: new Date(due.getTime() + (i % 5) * 100) })),
      createdAt,
    );
    const target = { endpoint: rig.dynamo.endpoint, table };

    // Act: the sweep waits for the due second; the admin commands land around it (before, during, after claims).
    const clock = new ShiftedClock();
    const sweeping = sweep(depsFor(rig, { store: storeOver(rig.dynamo.doc, table), clock }), { deadline: new Date(due.getTime() + 30_000) });
    const admin = reminders.map(async (reminder, i) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due.getTime() - Date.now() - 1_200) + (i % 8) * 200));
      return i % 2 === 0
        ? runCommand(cancelCommand, ['--chat', String(reminder.chatId), reminder.id, '--json'], target)
        : runCommand(snoozeCommand, ['--chat', String(reminder.chatId), reminder.id, '1h', '--json'], target);
    });
    const [report, results] = await Promise.all([sweeping, Promise.all(admin)]);

    // Assess
    let cancelWon = 0;
    let snoozeWon = 0;
    let sweepWon = 0;
    for (const [i, reminder] of reminders.entries()) {
      const sent = countAtStandIn(rig.standIn, `race-${i}-end`, reminder.chatId);
      const row = await store.getReminder(reminder.chatId, reminder.id);
      const result = results[i]!;
      expect(sent, `reminder ${i} delivered ${sent} times`).toBeLessThanOrEqual(1);
      if (result.code !== 0) {
        // The sweep delivered it first (its row is history now): the admin is told, and it went out exactly once.
        expect(result.stderr).toMatch(/was delivered or removed meanwhile|has no reminder/);
        expect(sent).toBe(1);
        expect(row).toBeUndefined();
        sweepWon++;
      } else if (i % 2 === 0) {
        expect(row).toBeUndefined(); // cancelled stays cancelled: a sweeper holding it could not re-arm it
        cancelWon++;
      } else {
        // Snoozed: still there, an hour after its due time (or after the snooze, once that had passed), in the due index.
        const snoozedTo = JSON.parse(result.stdout).snoozed.dueAt as string;
        expect(Date.parse(snoozedTo)).toBeGreaterThanOrEqual(Date.parse(reminder.dueAt) + 3_600_000);
        expect(row).toMatchObject({ status: 'pending', dueAt: snoozedTo });
        expect((await store.findDue(new Date(snoozedTo))).rows.map((r) => r.id)).toContain(reminder.id);
        snoozeWon++;
      }
    }
    expect(cancelWon + snoozeWon + sweepWon).toBe(ROWS);
    console.log(`race: cancel won ${cancelWon}, snooze won ${snoozeWon}, sweep won ${sweepWon}; sweep delivered ${report.delivered}, conflicts ${report.claimConflicts}, uncompleted ${report.uncompleted}`);
  }, 120_000);
});
