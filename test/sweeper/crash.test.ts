import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderStore } from '../../core/store/port.ts';
import { sweep } from '../../core/sweeper/index.ts';
import type { TelegramClient } from '../../core/telegram/port.ts';
import { countAtStandIn, depsFor, realSleep, ShiftedClock, startRig, storeOver, telegramFor, type SweeperRig } from './support.ts';

/**
 * A "crash" is a process that stops at one point and never does anything again: here, a call that
 * never returns. Whatever that process would have done next simply does not happen.
 */
const never = <T>(): Promise<T> => new Promise<T>(() => {});

const LEASE_MS = 5 * 60_000;

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await realSleep(50);
  }
}

async function oneReminderDueSoon(text: string) {
  const table = await rig.dynamo.newTable();
  const store = storeOver(rig.dynamo.doc, table);
  const clock = new ShiftedClock();
  const now = clock.now();
  const reminder = await store.createReminder(
    { chatId: 4242, text, work: 'message', schedule: { kind: 'once' }, tz: 'Europe/Berlin', dueAt: new Date(Math.ceil((now.getTime() + 1_500) / 1000) * 1000) },
    now,
  );
  return { table, store, clock, reminder };
}

describe('a sweeper that dies mid-delivery', () => {
  it('after claiming, before sending: the row is delivered by the next run after the lease, once', async () => {
    // Prepare
    const { table, store, clock, reminder } = await oneReminderDueSoon('crash-before-send');
    const dying: TelegramClient = { ...telegramFor(rig), sendMessage: () => never() };

    // Act: the first sweeper claims and dies; a run right after cannot take it (the lease is live); a run after the lease delivers.
    void sweep(depsFor(rig, { store: storeOver(rig.dynamo.doc, table), clock, telegram: dying }), { deadline: new Date(clock.now().getTime() + 3_000), leaseMs: LEASE_MS });
    await waitFor(async () => (await store.getReminder(4242, reminder.id))?.claimToken !== undefined);
    const during = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 30_000) });
    clock.advance(LEASE_MS);
    const after = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 30_000) });

    // Assess
    // The claim left the row in its index place, so the run sees it — and loses its one conditional claim.
    expect(during.delivered).toBe(0);
    expect(during.rows.map((row) => row.outcome)).toEqual(['claim-conflict']);
    expect(after.delivered).toBe(1);
    expect(countAtStandIn(rig.standIn, 'crash-before-send')).toBe(1);
    const [message] = rig.standIn.sentMessages(4242).filter((m) => m.text.includes('crash-before-send'));
    // The claim was taken a second before the due time, so the lease ended 4 min 59 s after it.
    expect(message?.text).toMatch(/^⏰ #1 crash-before-send\n\(was due [45] min ago\)$/);
    expect(await store.getReminder(4242, reminder.id)).toBeUndefined();
  });

  it('after sending, before completing: the one documented window — delivered at most twice, then never again', async () => {
    // Prepare: a store whose `complete` never returns, as if the process died right after Telegram accepted.
    const { table, store, clock, reminder } = await oneReminderDueSoon('crash-after-send');
    const base = storeOver(rig.dynamo.doc, table);
    const dyingStore = new Proxy(base, {
      get(target, property) {
        if (property === 'complete') return () => never();
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as ReminderStore;

    // Act
    void sweep(depsFor(rig, { store: dyingStore, clock }), { deadline: new Date(clock.now().getTime() + 3_000), leaseMs: LEASE_MS });
    await waitFor(() => countAtStandIn(rig.standIn, 'crash-after-send') === 1);
    clock.advance(LEASE_MS);
    const retaken = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 30_000) });
    clock.advance(LEASE_MS);
    const later = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 30_000) });

    // Assess: the window this documents — Telegram had the message, the row had no record of it, so the
    // lease brought it back and it went out a second time (with its lateness note). Exactly one duplicate,
    // and the second run's completion closes the row for good.
    expect(retaken.delivered).toBe(1);
    expect(later.dueFound).toBe(0);
    expect(countAtStandIn(rig.standIn, 'crash-after-send')).toBe(2);
    expect(await store.getReminder(4242, reminder.id)).toBeUndefined();
  });
});
