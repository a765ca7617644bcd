import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reminder, ReminderStore } from '../../core/store/index.ts';
import { sweep } from '../../core/sweeper/index.ts';
import type { TelegramClient } from '../../core/telegram/port.ts';
import { countAtStandIn, depsFor, realSleep, ShiftedClock, startRig, storeOver, telegramFor, type SweeperRig } from './support.ts';

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());

const never = <T>(): Promise<T> => new Promise<T>(() => {});

async function oneDueSoon(store: ReminderStore, clock: ShiftedClock, chatId: number, text: string) {
  const now = clock.now();
  return store.createReminder({ chatId, text, work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(Math.ceil((now.getTime() + 1_500) / 1000) * 1000) }, now);
}

/** Waits (up to 5 s) until some sweeper holds the reminder's claim. */
async function untilClaimed(store: ReminderStore, reminder: Reminder) {
  for (let i = 0; i < 250 && (await store.getReminder(reminder.chatId, reminder.id))?.claimToken === undefined; i++) await realSleep(20);
}

/** Passes a store's `claim` write through, then loses its answer once (a timeout after DynamoDB applied it). */
function losingFirstClaimAnswer(doc: DynamoDBDocumentClient) {
  const state = { lost: 0 };
  const client = new Proxy(doc, {
    get(target, property) {
      if (property === 'send') {
        return async (command: { input?: { UpdateExpression?: string; ConditionExpression?: string } }, ...rest: unknown[]) => {
          const result = await (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
          const isClaim = command.input?.ConditionExpression?.startsWith('dueSk = :asRead') === true && command.input.UpdateExpression?.includes('claimToken = :token');
          if (isClaim && state.lost === 0) {
            state.lost++;
            throw Object.assign(new Error('socket timed out after the request was sent'), { name: 'TimeoutError' });
          }
          return result;
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as DynamoDBDocumentClient;
  return { client, state };
}

describe('claims that go wrong cost seconds, not a lease', () => {
  it('a claim whose answer was lost is recognised as ours by the recovery read and delivered on time, once', async () => {
    // Prepare
    const table = await rig.dynamo.newTable();
    const clock = new ShiftedClock();
    const reminder = await oneDueSoon(storeOver(rig.dynamo.doc, table), clock, 5_100, 'lost-answer');
    const { client, state } = losingFirstClaimAnswer(rig.dynamo.doc);

    // Act
    const report = await sweep(depsFor(rig, { store: storeOver(client, table), clock }), { deadline: new Date(clock.now().getTime() + 10_000) });

    // Assess: the retry met our own claim and went on with it, instead of a conflict and a 30 s (was 5 min) wait.
    expect(state.lost).toBe(1);
    expect(report.rows).toEqual([expect.objectContaining({ reminderId: reminder.id, outcome: 'delivered', claimed: true })]);
    expect(report.rows[0]!.lagMs).toBeLessThan(1_000);
    expect(countAtStandIn(rig.standIn, 'lost-answer')).toBe(1);
    expect(await storeOver(rig.dynamo.doc, table).getReminder(5_100, reminder.id)).toBeUndefined();
  });

  it('a claimer that crashed after claiming costs the 30 s default lease, then the row is delivered once', async () => {
    // Prepare: a sweeper that claims, then stops for good (its send and its lease renewals never return).
    const table = await rig.dynamo.newTable();
    const clock = new ShiftedClock();
    const store = storeOver(rig.dynamo.doc, table);
    const reminder = await oneDueSoon(store, clock, 5_200, 'crashed-claimer');
    const dyingStore = new Proxy(storeOver(rig.dynamo.doc, table), {
      get(target, property) {
        if (property === 'renewClaim') return () => never();
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const dying: TelegramClient = { ...telegramFor(rig), sendMessage: () => never() };
    void sweep(depsFor(rig, { store: dyingStore, clock, telegram: dying }), { deadline: new Date(clock.now().getTime() + 3_000) });
    await untilClaimed(store, reminder);

    // Act: a run just inside the lease finds nothing to take; one 30 s after the claim delivers it.
    clock.advance(28_000);
    const during = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 1_000), lookAheadMs: 1_000 });
    clock.advance(3_000);
    const after = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 5_000) });

    // Assess
    expect(during.delivered).toBe(0);
    expect(after.rows).toEqual([expect.objectContaining({ reminderId: reminder.id, outcome: 'delivered' })]);
    expect(after.rows[0]!.lagMs).toBeLessThan(35_000);
    expect(countAtStandIn(rig.standIn, 'crashed-claimer')).toBe(1);
  });

  it('a send slower than the lease keeps its claim (renewed), so a racing sweeper never sends it a second time', async () => {
    // Prepare: a 1.5 s lease; the first sweeper's Telegram takes 4 s to answer.
    const table = await rig.dynamo.newTable();
    const clock = new ShiftedClock();
    const store = storeOver(rig.dynamo.doc, table);
    const reminder = await oneDueSoon(store, clock, 5_300, 'slow-send');
    const real = telegramFor(rig);
    const slow: TelegramClient = {
      ...real,
      sendMessage: async (...args) => {
        await realSleep(4_000);
        return real.sendMessage(...args);
      },
    };
    const options = { leaseMs: 1_500, claimLeadMs: 300 };

    // Act: the slow sweeper claims (others start only then: which of two racing claims wins is not the question here),
    // and another sweeper runs every 500 ms while its send is under way.
    const first = sweep(depsFor(rig, { store, clock, telegram: slow }), { deadline: new Date(clock.now().getTime() + 4_000), ...options });
    await untilClaimed(store, reminder);
    const others = [];
    for (let i = 0; i < 14; i++) {
      others.push(await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 500), lookAheadMs: 3_000, ...options }));
      await realSleep(100);
    }
    const report = await first;

    // Assess
    expect(report.rows).toEqual([expect.objectContaining({ reminderId: reminder.id, outcome: 'delivered' })]);
    expect(others.flatMap((r) => r.rows).filter((row) => row.outcome === 'delivered')).toEqual([]);
    expect(countAtStandIn(rig.standIn, 'slow-send')).toBe(1);
  }, 30_000);
});
