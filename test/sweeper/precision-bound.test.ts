import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../core/sweeper/index.ts';
import { countAtStandIn, createMany, depsFor, ShiftedClock, startRig, storeOver, type SweeperRig } from './support.ts';

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());

describe('on the second with more due in the look-ahead than a run may hold', () => {
  it('reads across shards in due order: 48 reminders over 16 s, a bound of 32 held rows, all within 1 s of their second', async () => {
    // Prepare: 48 reminders at whole seconds 3–18 s from now (3 a second), over 16 chats (3 each, at
    // different seconds), spread over the due shards. Concurrency 4 holds at most 32 rows and sends ~4 a
    // second on time: the look-ahead has 1.5 times the bound, so the run must read the earliest rows of
    // every shard first, not one shard far ahead while the others' first rows wait.
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const firstSecond = Math.ceil(now.getTime() / 1000) * 1000 + 3_000;
    const inputs = Array.from({ length: 48 }, (_, i) => ({
      chatId: 8_500 + (i % 16),
      text: `bound-${i}-end`,
      work: 'message' as const,
      schedule: { kind: 'once' as const },
      tz: 'UTC',
      dueAt: new Date(firstSecond + Math.floor(i / 3) * 1000),
    }));
    const created = await createMany(store, inputs, now);

    // Act: one run whose look-ahead covers every row.
    const report = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(firstSecond + 17_000), lookAheadMs: 17_000 + (firstSecond - now.getTime()), concurrency: 4 });

    // Assess: every row once, none early, none later than a second.
    expect(countAtStandIn(rig.standIn, 'bound-')).toBe(48);
    expect(report.delivered).toBe(48);
    const lags = created.map((reminder) => {
      const sent = rig.standIn.sentMessages(reminder.chatId).filter((m) => m.text.endsWith(` ${reminder.text}`));
      expect(sent).toHaveLength(1);
      return sent[0]!.received_at - Date.parse(reminder.dueAt);
    });
    const sorted = [...lags].sort((a, b) => a - b);
    console.log(`bounded precision: p50 ${sorted[24]} ms, max ${sorted.at(-1)} ms, late > 1 s: ${lags.filter((l) => l >= 1_000).length}, items read ${report.itemsRead}`);
    expect(sorted[0]).toBeGreaterThanOrEqual(0);
    expect(sorted.at(-1)).toBeLessThan(1_000);
  }, 40_000);
});
