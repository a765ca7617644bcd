import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuePageOptions, ReminderStore } from '../../core/store/index.ts';
import { sweep } from '../../core/sweeper/index.ts';
import { countAtStandIn, createMany, depsFor, ShiftedClock, startRig, storeOver, telegramFor, type SweeperRig } from './support.ts';

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());

/** Counts the due-index pages a store is asked for, and the largest page asked. */
function countingPages(store: ReminderStore) {
  const counts = { pages: 0, largestLimit: 0, fullReads: 0 };
  const counted = new Proxy(store, {
    get(target, property) {
      if (property === 'findDuePage') {
        return (shard: number, windowEnd: Date, options: DuePageOptions) => {
          counts.pages++;
          counts.largestLimit = Math.max(counts.largestLimit, options.limit);
          return target.findDuePage(shard, windowEnd, options);
        };
      }
      if (property === 'findDue') {
        return (windowEnd: Date) => {
          counts.fullReads++;
          return target.findDue(windowEnd);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { counted, counts };
}

const overdue = (count: number, marker: string, chatOf: (i: number) => number, dueAt: (i: number) => Date) =>
  Array.from({ length: count }, (_, i) => ({
    chatId: chatOf(i),
    text: `${marker}-${i}-end`,
    work: 'message' as const,
    schedule: { kind: 'once' as const },
    tz: 'UTC',
    dueAt: dueAt(i),
  }));

describe('a bounded sweep', () => {
  it('reads only about what it delivers before its deadline, in small pages, never the whole backlog', async () => {
    // Prepare: 400 overdue reminders over 400 chats; Telegram's real 30/s; a run of 3 s can deliver ~90.
    const table = await rig.dynamo.newTable();
    const seed = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const created = new Date(now.getTime() - 10 * 60_000);
    await createMany(seed, overdue(400, 'bounded', (i) => 20_000 + i, (i) => new Date(created.getTime() + 60_000 + i * 100)), created);
    const { counted, counts } = countingPages(storeOver(rig.dynamo.doc, table));

    // Act
    const report = await sweep(depsFor(rig, { store: counted, clock, telegram: telegramFor(rig) }), { deadline: new Date(clock.now().getTime() + 3_000), concurrency: 4 });

    // Assess: delivered what 3 s allow; read that plus at most what it may hold (8 per slot), in pages of at most 2 per slot.
    expect(report.delivered).toBeGreaterThan(5);
    expect(report.delivered).toBeLessThan(200);
    expect(report.itemsRead).toBeLessThanOrEqual(report.delivered + 4 * 8);
    expect(report.itemsRead).toBeGreaterThanOrEqual(report.delivered);
    expect(counts.fullReads).toBe(0);
    expect(counts.largestLimit).toBeLessThanOrEqual(4 * 2);
    expect(report.queries).toBe(counts.pages);
    expect(countAtStandIn(rig.standIn, 'bounded-')).toBe(report.delivered);
    console.log(`bounded: delivered ${report.delivered} of 400 in 3 s, items read ${report.itemsRead} (${(report.itemsRead / report.delivered).toFixed(2)} per delivered), ${counts.pages} pages`);
  }, 60_000);

  it('shares capacity across chats: a chat with 300 due (and older) does not hold up 20 other chats', async () => {
    // Prepare: chat 30_000 has 300 reminders overdue by minutes; 20 other chats one each, due a second ago.
    const table = await rig.dynamo.newTable();
    const seed = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const created = new Date(now.getTime() - 10 * 60_000);
    await createMany(seed, overdue(300, 'heavy', () => 30_000, (i) => new Date(created.getTime() + 60_000 + i * 100)), created);
    await createMany(seed, overdue(20, 'light', (i) => 30_100 + i, () => new Date(now.getTime() - 1_000)), created);

    // Act: Telegram's real limits (1/s per chat); a run of 6 s.
    const report = await sweep(depsFor(rig, { store: seed, clock, telegram: telegramFor(rig) }), { deadline: new Date(clock.now().getTime() + 6_000) });

    // Assess: every other chat got its reminder; the busy chat got what its own 1/s allows, no more.
    for (let i = 0; i < 20; i++) expect(countAtStandIn(rig.standIn, `light-${i}-end`, 30_100 + i)).toBe(1);
    const heavy = countAtStandIn(rig.standIn, 'heavy-', 30_000);
    expect(heavy).toBeGreaterThan(0);
    expect(heavy).toBeLessThanOrEqual(8);
    // Measured from the run's start (the rows were written before it): within the run's first seconds.
    const lightAfterStart = report.rows
      .filter((row) => row.chatId !== 30_000 && row.outcome === 'delivered')
      .map((row) => Date.parse(row.deliveredAt ?? '') - Date.parse(report.startedAt));
    expect(lightAfterStart).toHaveLength(20);
    expect(Math.max(...lightAfterStart)).toBeLessThan(5_000);
    console.log(`fairness: light chats delivered by ${Math.max(...lightAfterStart)} ms into the run, busy chat delivered ${heavy}, items read ${report.itemsRead}`);
  }, 60_000);
});
