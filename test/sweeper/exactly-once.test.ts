import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../core/sweeper/index.ts';
import { createMany, depsFor, RecordingLog, ShiftedClock, startRig, storeOver, type SweeperRig } from './support.ts';

/**
 * Enough that the three runs overlap for several seconds (each delivers some and loses some claims to
 * the others, asserted below); 3,000 took 40 s alone and timed out under CI load without exercising
 * another path. Throughput at scale is the benchmarks' job (bench/throughput, bench/backlog).
 */
const REMINDERS = 1_200;

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());

describe('overlapping sweepers', () => {
  it(`deliver each of ${REMINDERS.toLocaleString('en')} due reminders exactly once between three sweepers running at once`, async () => {
    // Prepare: one-time reminders, three per chat, all due within one second.
    const table = await rig.dynamo.newTable();
    const seedStore = storeOver(rig.dynamo.doc, table);
    const createdAt = new Date();
    const due = new Date(Math.ceil((createdAt.getTime() + 5_000) / 1000) * 1000);
    const inputs = Array.from({ length: REMINDERS }, (_, i) => ({
      chatId: 100_000 + (i % (REMINDERS / 3)),
      text: `load-${i}-end`,
      work: 'message' as const,
      schedule: { kind: 'once' as const },
      tz: 'UTC',
      dueAt: new Date(due.getTime() + (i % 10) * 100),
    }));
    await createMany(seedStore, inputs, createdAt);

    // Act: three independent sweepers (own store client, own Telegram client), clocks at the due second.
    const clock = new ShiftedClock();
    clock.set(new Date(due.getTime() + 1_000));
    const logs = [new RecordingLog(), new RecordingLog(), new RecordingLog()];
    const started = Date.now();
    const reports = await Promise.all(
      logs.map((log) => sweep(depsFor(rig, { store: storeOver(rig.dynamo.doc, table), clock, log }), { deadline: new Date(clock.now().getTime() + 120_000), concurrency: 16 })),
    );
    const elapsedMs = Date.now() - started;

    // Assess: counted at the stand-in, every reminder arrived once.
    const counts = new Map<string, number>();
    for (const message of rig.standIn.sentMessages()) {
      const marker = /load-\d+-end/.exec(message.text)?.[0];
      if (marker) counts.set(marker, (counts.get(marker) ?? 0) + 1);
    }
    expect(counts.size).toBe(REMINDERS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const delivered = reports.reduce((sum, r) => sum + r.delivered, 0);
    expect(delivered).toBe(REMINDERS);
    // The overlap was real: every sweeper delivered some, and lost some claims to the others.
    for (const report of reports) expect(report.delivered).toBeGreaterThan(0);
    expect(reports.reduce((sum, r) => sum + r.claimConflicts, 0)).toBeGreaterThan(0);
    // Nothing is left in the due index, and each run logged one summary line.
    expect((await seedStore.findDue(new Date(due.getTime() + 3_600_000))).rows).toHaveLength(0);
    for (const log of logs) expect(log.lines.filter((l) => l.message === 'sweep finished')).toHaveLength(1);
    console.log(
      `3 sweepers × ${REMINDERS} reminders: ${elapsedMs} ms, ${Math.round((REMINDERS / elapsedMs) * 1000)} deliveries/s; per sweeper delivered ${reports.map((r) => r.delivered).join('/')}, conflicts ${reports.map((r) => r.claimConflicts).join('/')}`,
    );
  }, 150_000);
});
