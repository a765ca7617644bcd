import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimOptions, DueRow, NewReminder, ReminderStore } from '../../core/store/index.ts';
import { sweep, type SweepOptions, type SweepReport } from '../../core/sweeper/index.ts';
import { createMany, depsFor, RecordingLog, ShiftedClock, startRig, storeOver, telegramFor, type SweeperRig } from './support.ts';

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());
afterEach(() => {
  rig.standIn.faults.reset();
  rig.standIn.faults.rateLimit({});
  rig.agent.down = false;
});

function dueSoon(count: number, chat: (i: number) => number, marker: string, now: Date): NewReminder[] {
  return Array.from({ length: count }, (_, i) => ({
    chatId: chat(i),
    text: `${marker}-${i}-end`,
    work: 'message',
    schedule: { kind: 'once' },
    tz: 'UTC',
    dueAt: new Date(now.getTime() + 1_000 + (i % 5) * 200),
  }));
}

/**
 * Sweeps (moving the clock on between runs, past back-offs and leases) until nothing is left in the index.
 * Runs on while runs make progress (rows leave the index, or the run worked on some) and gives up after
 * `patience` runs in a row without any, or at `cap` runs; the failure lists what is still due and why.
 */
async function sweepUntilEmpty(run: () => Promise<SweepReport>, store: ReminderStore, clock: ShiftedClock, stepMs: number, { patience = 3, cap = 60 } = {}): Promise<SweepReport[]> {
  const reports: SweepReport[] = [];
  const stillDue = async () => (await store.findDue(new Date(clock.now().getTime() + 365 * 24 * 3_600_000))).rows;
  let left = (await stillDue()).length;
  let idleRuns = 0;
  while (reports.length < cap && idleRuns < patience) {
    const report = await run();
    reports.push(report);
    const rows = await stillDue();
    if (rows.length === 0) return reports;
    idleRuns = rows.length < left || report.rows.length > 0 ? 0 : idleRuns + 1;
    left = rows.length;
    clock.advance(stepMs);
  }
  const rows = await stillDue();
  const details = await Promise.all(
    rows.slice(0, 20).map(async (row) => {
      const reminder = await store.getReminder(row.chatId, row.id);
      return `${row.chatId}/${row.id} due ${row.dueAt} at ${row.fireAt}: ${reminder ? `status ${reminder.status}, attempts ${reminder.attempts}${reminder.lastError ? `, last error ${reminder.lastError}` : ''}` : 'unreadable'}`;
    }),
  );
  const outcomes = reports.map((r, i) => `run ${i + 1}: queries ${r.queries}, store errors ${r.storeErrors}, ${r.rows.map((row) => row.outcome).join(',') || 'no rows'}`);
  throw new Error(`${rows.length} rows still due after ${reports.length} runs (${idleRuns} without progress):\n${details.join('\n')}\n${outcomes.join('\n')}`);
}

/** Each marker's count at the stand-in: exactly once each means nothing lost and nothing duplicated. */
function standInCounts(marker: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of rig.standIn.sentMessages()) {
    const found = new RegExp(`${marker}-\\d+-end`).exec(m.text)?.[0];
    if (found) counts.set(found, (counts.get(found) ?? 0) + 1);
  }
  return counts;
}

/** Short back-offs and a short window, so retries come round within a few test seconds. */
const fastRetry: Partial<SweepOptions> = { retryBaseMs: 2_000, retryMaxMs: 20_000, lookAheadMs: 10_000 };

describe('Telegram misbehaving', () => {
  it('rides out a 429 storm and 5xx faults: every reminder delivered once, some only after back-off', async () => {
    // Prepare: 40 reminders over 20 chats; the stand-in answers the next 50 sends with 429 (retry_after
    // 3 s, beyond the client's 2 s budget) and then 10 with 502; it also enforces Telegram's flood limits.
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    await createMany(store, dueSoon(40, (i) => 3_000 + (i % 20), 'storm', clock.now()), clock.now());
    rig.standIn.faults.rateLimit({ perBotPerSecond: 30, perChatPerSecond: 1 });
    rig.standIn.faults.failNext(50, { code: 429, retryAfter: 3, method: 'sendMessage' });
    rig.standIn.faults.failNext(10, { code: 502, method: 'sendMessage' });
    const telegram = telegramFor(rig, { maxWaitMs: 2_000 });

    // Act
    const reports = await sweepUntilEmpty(
      () => sweep(depsFor(rig, { store, clock, telegram }), { deadline: new Date(clock.now().getTime() + 60_000), ...fastRetry }),
      store,
      clock,
      30_000,
    );

    // Assess
    const counts = standInCounts('storm');
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(reports.reduce((sum, r) => sum + r.retried, 0)).toBeGreaterThan(0);
    expect(reports.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    expect(reports.reduce((sum, r) => sum + r.delivered, 0)).toBe(40);
  }, 60_000);

  it('a user who blocked the bot: that reminder fails with its reason, the chat is paused, other chats unaffected', async () => {
    // Prepare: chat 901 blocked the bot; it has one reminder due now, one a few seconds later, one tomorrow.
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const make = (chatId: number, text: string, inMs: number) => ({ chatId, text, work: 'message' as const, schedule: { kind: 'once' as const }, tz: 'UTC', dueAt: new Date(now.getTime() + inMs) });
    const [first, second, tomorrow, other] = await createMany(
      store,
      [make(901, 'blocked-first', 1_000), make(901, 'blocked-second', 3_500), make(901, 'blocked-tomorrow', 86_400_000), make(902, 'still-fine', 1_000)],
      now,
      1,
    );
    rig.standIn.faults.block(901);

    // Act
    const report = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(now.getTime() + 60_000) });

    // Assess
    expect(report.failed).toBe(1);
    expect(report.rows.find((r) => r.reminderId === first!.id)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^blocked:/) });
    // The second one was not sent into the blocked chat: the pause moved it before its claim.
    expect(report.rows.find((r) => r.reminderId === second!.id)?.outcome).toBe('claim-conflict');
    expect(await store.getReminder(901, first!.id)).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/blocked/) });
    expect((await store.getReminder(901, second!.id))?.status).toBe('paused');
    expect((await store.getReminder(901, tomorrow!.id))?.status).toBe('paused');
    expect((await store.getChatSettings(901))?.blocked).toBe(true);
    expect(rig.standIn.sentMessages(902).map((m) => m.text)).toEqual(['⏰ #1 still-fine']);
    expect(await store.getReminder(902, other!.id)).toBeUndefined();
  });
});

describe('the agent unreachable', () => {
  it('retries a scheduled action with back-off, then hands it to the agent in the chat session', async () => {
    // Prepare
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const action = await store.createReminder(
      { chatId: 950, text: 'summarise the news', work: 'action', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now.getTime() + 1_000) },
      now,
    );
    rig.agent.down = true;

    // Act: the first run finds the agent down; it comes back before the retry.
    // (The first back-off, 5–10 s, ends after the 5 s window, so the first run tries once.)
    const options = { retryBaseMs: 10_000, lookAheadMs: 5_000 };
    const first = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(now.getTime() + 60_000), ...options });
    rig.agent.down = false;
    clock.advance(60_000);
    const second = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 60_000), ...options });

    // Assess
    expect(first.rows).toEqual([expect.objectContaining({ outcome: 'retried', reason: expect.stringMatching(/^agent:/) })]);
    expect(second.delivered).toBe(1);
    const invocations = rig.agent.received.filter((r) => r.payload.type === 'reminder_due' && r.payload.reminder.id === action.id);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toMatchObject({ sessionId: expect.stringContaining('950'), payload: { reminder: { text: 'summarise the news', attempts: 1 } } });
    // At least once (#12): the row stays claimed for the agent, which records the outcome with this claim.
    const claimToken = (invocations[0]!.payload as { claimToken?: string }).claimToken;
    expect(claimToken).toEqual(expect.any(String));
    expect(await store.getReminder(950, action.id)).toMatchObject({ status: 'pending', claimToken });
  });

  it('fails the row after maxAttempts, with the reason, instead of retrying forever', async () => {
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const action = await store.createReminder(
      { chatId: 951, text: 'never reachable', work: 'action', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now.getTime() + 1_000) },
      now,
    );
    rig.agent.down = true;

    const reports = await sweepUntilEmpty(
      () => sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 60_000), maxAttempts: 3, ...fastRetry }),
      store,
      clock,
      60_000,
    );

    expect(reports.flatMap((r) => r.rows.map((row) => row.outcome))).toEqual(['retried', 'retried', 'failed']);
    expect(await store.getReminder(951, action.id)).toMatchObject({ status: 'failed', attempts: 2, failureReason: expect.stringMatching(/^gave up after 3 attempts: agent:/) });
  }, 30_000);
});

describe('DynamoDB throttling', () => {
  it('a row whose claim fails on every try is left after 3 rounds in a run, and comes back in the next run', async () => {
    // Prepare: a store whose claims of one row throw a throttle (beyond the sweeper's quick retries) while `stuck`.
    const table = await rig.dynamo.newTable();
    const real = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const [stubborn, fine] = await createMany(real, dueSoon(2, (i) => 4_500 + i, 'stubborn', now), now, 1);
    let stuck = true;
    let refusedClaims = 0;
    const store = new Proxy(real, {
      get(target, property) {
        if (property === 'claim') {
          return (row: DueRow, options: ClaimOptions) => {
            if (stuck && row.id === stubborn!.id) {
              refusedClaims++;
              return Promise.reject(new ThrottlingException({ message: 'throttled', $metadata: { httpStatusCode: 400 } }));
            }
            return target.claim(row, options);
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

    // Act
    const first = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(now.getTime() + 60_000), ...fastRetry });
    stuck = false;
    const second = await sweep(depsFor(rig, { store, clock }), { deadline: new Date(clock.now().getTime() + 60_000), ...fastRetry });

    // Assess: three rounds of four tries each, then left alone (still due, unclaimed) — and delivered next run.
    expect(first.rows.filter((r) => r.reminderId === stubborn!.id).map((r) => r.outcome)).toEqual(['store-error', 'store-error', 'store-error']);
    expect(refusedClaims).toBe(12);
    expect(first.rows.find((r) => r.reminderId === fine!.id)?.outcome).toBe('delivered');
    expect(second.rows).toEqual([expect.objectContaining({ reminderId: stubborn!.id, outcome: 'delivered' })]);
    expect(standInCounts('stubborn')).toEqual(new Map([['stubborn-0-end', 1], ['stubborn-1-end', 1]]));
  }, 30_000);

  it('loses and duplicates nothing when a fifth of all store calls are throttled', async () => {
    // Prepare: a document client whose send throws ThrottlingException (before reaching the server) 20% of the time.
    const table = await rig.dynamo.newTable();
    const seedStore = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    await createMany(seedStore, dueSoon(150, (i) => 4_000 + (i % 75), 'throttled', clock.now()), clock.now());
    let throttled = 0;
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const flaky = new Proxy(rig.dynamo.doc, {
      get(target, property) {
        if (property === 'send') {
          return (command: unknown, ...rest: unknown[]) => {
            if (random() < 0.2) {
              throttled++;
              return Promise.reject(new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: { httpStatusCode: 400 } }));
            }
            return (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as DynamoDBDocumentClient;
    const store = storeOver(flaky, table);
    const log = new RecordingLog();

    // Act: runs until the index is empty; the clock moves a lease on between runs so any row whose claim
    // answer was lost comes back.
    const reports = await sweepUntilEmpty(
      () => sweep({ ...depsFor(rig, { store, clock, log }), random }, { deadline: new Date(clock.now().getTime() + 60_000), ...fastRetry }),
      seedStore,
      clock,
      5 * 60_000 + 1_000,
    );

    // Assess
    const counts = standInCounts('throttled');
    expect(throttled).toBeGreaterThan(50);
    expect(counts.size).toBe(150);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(reports.reduce((sum, r) => sum + r.uncompleted, 0)).toBe(0);
    expect(log.lines.filter((l) => l.message === 'sweep finished')).toHaveLength(reports.length);
    console.log(`throttled store: ${throttled} calls throttled, ${reports.length} runs, ${reports.filter((r) => r.queries === 0).length} without a successful query`);
  }, 60_000);
});
