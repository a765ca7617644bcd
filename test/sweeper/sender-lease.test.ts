import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSenderLeaseStore, type SenderLeaseStore } from '../../adapters/dynamodb/sender-lease-store.ts';
import { acquireSenderLease, type SenderLeaseDeps, type SenderLeaseOptions } from '../../core/sweeper/sender-lease.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';
import { realSleep, RecordingLog } from './support.ts';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo('dynalite');
});
afterAll(() => dynamo?.stop());

/** The real lease store, counting its calls (to show a refused tick is cheap). */
function countingStore(inner: SenderLeaseStore): SenderLeaseStore & { calls: number } {
  const counted = { calls: 0 } as SenderLeaseStore & { calls: number };
  for (const method of ['acquire', 'queue', 'renew', 'release', 'read'] as const) {
    (counted as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      counted.calls++;
      return (inner[method] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
    };
  }
  return counted;
}

async function leaseDeps(): Promise<SenderLeaseDeps & { leases: ReturnType<typeof countingStore> }> {
  const tableName = await dynamo.newTable();
  return { leases: countingStore(new DynamoDbSenderLeaseStore({ client: dynamo.doc, tableName })), clock: () => new Date(), sleep: realSleep, log: new RecordingLog() };
}

const FAST: SenderLeaseOptions = { ttlMs: 2_000, renewEveryMs: 300, pollMs: 50 };

describe('the sweeper sender lease', () => {
  it('lets three overlapping runs send one at a time, each in turn, none starved', async () => {
    // Prepare: ticks 0, 1, 2 arrive 100 ms apart; each holds its lease for 600 ms ("claiming").
    const deps = await leaseDeps();
    const t0 = Date.now();
    const holds: Array<{ tick: number; from: number; to: number; waitedMs: number }> = [];
    const run = async (tick: number) => {
      await realSleep(tick * 100);
      const acquired = await acquireSenderLease(deps, { holder: `run-${tick}`, tickAtMs: t0 + tick, releaseAtMs: Date.now() + 600 + tick * 600, waitUntilMs: Date.now() + 5_000 }, FAST);
      if ('refused' in acquired) throw new Error(`run ${tick} refused: ${acquired.refused}`);
      const from = Date.now();
      await realSleep(600);
      const to = Date.now();
      await acquired.lease.release();
      holds.push({ tick, from, to, waitedMs: acquired.waitedMs });
    };

    // Act
    await Promise.all([run(0), run(1), run(2)]);

    // Assess: every run held the lease, in tick order, and no two holds overlap.
    holds.sort((a, b) => a.from - b.from);
    expect(holds.map((h) => h.tick)).toEqual([0, 1, 2]);
    for (let i = 1; i < holds.length; i++) expect(holds[i]!.from).toBeGreaterThanOrEqual(holds[i - 1]!.to);
    expect(holds[1]!.waitedMs).toBeGreaterThan(0);
    expect(holds[2]!.waitedMs).toBeGreaterThan(holds[1]!.waitedMs);
  }, 20_000);

  it('turns away a second delivery of the same tick at once, with one write and one read', async () => {
    const deps = await leaseDeps();
    const tickAtMs = Date.now();
    const first = await acquireSenderLease(deps, { holder: 'first', tickAtMs, releaseAtMs: Date.now() + 60_000, waitUntilMs: Date.now() + 10_000 }, FAST);
    expect('lease' in first).toBe(true);
    const callsBefore = deps.leases.calls;

    const second = await acquireSenderLease(deps, { holder: 'second', tickAtMs, releaseAtMs: Date.now() + 60_000, waitUntilMs: Date.now() + 10_000 }, FAST);

    expect(second).toMatchObject({ refused: 'tick-already-served', holder: { holder: 'first' } });
    expect(deps.leases.calls - callsBefore).toBe(2);
    if ('lease' in first) await first.lease.release();
  });

  it('turns away a later tick at once when the holder announces a release beyond its wait', async () => {
    const deps = await leaseDeps();
    const holder = await acquireSenderLease(deps, { holder: 'long', tickAtMs: 1, releaseAtMs: Date.now() + 60_000, waitUntilMs: Date.now() }, FAST);
    const later = await acquireSenderLease(deps, { holder: 'later', tickAtMs: 2, releaseAtMs: Date.now() + 60_000, waitUntilMs: Date.now() + 3_000 }, FAST);
    expect(later).toMatchObject({ refused: 'held-past-wait' });
    if ('lease' in holder) await holder.lease.release();
  });

  it('keeps the lease past its ttl by renewing while the holder works', async () => {
    // Prepare: a ttl of 600 ms renewed every 150 ms; the holder works 1.5 s.
    const deps = await leaseDeps();
    const options = { ttlMs: 600, renewEveryMs: 150, pollMs: 50 };
    const start = Date.now();
    const holder = await acquireSenderLease(deps, { holder: 'worker', tickAtMs: 1, releaseAtMs: start + 1_500, waitUntilMs: start }, options);
    if (!('lease' in holder)) throw new Error('expected the lease');
    const releasedAt = realSleep(1_500).then(async () => {
      await holder.lease.release();
      return Date.now();
    });

    // Act: a contender that would wait up to 4 s.
    const contender = await acquireSenderLease(deps, { holder: 'contender', tickAtMs: 2, releaseAtMs: Date.now() + 1_000, waitUntilMs: Date.now() + 4_000 }, options);

    // Assess: it got the lease only after the holder let go, well past the bare ttl.
    expect('lease' in contender).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(await releasedAt);
    expect(holder.lease.lost).toBe(false);
    if ('lease' in contender) await contender.lease.release();
  }, 10_000);

  it("lets the next run in once a crashed holder's lease lapses", async () => {
    // Prepare: a holder takes a 1 s lease, then "crashes": no renewal (renew interval 1 min), no release.
    const deps = await leaseDeps();
    const crashedAt = Date.now();
    const crashed = await acquireSenderLease(deps, { holder: 'crashed', tickAtMs: 1, releaseAtMs: crashedAt + 500, waitUntilMs: crashedAt }, { ttlMs: 1_000, renewEveryMs: 60_000, pollMs: 50 });
    expect('lease' in crashed).toBe(true);

    // Act
    const next = await acquireSenderLease(deps, { holder: 'next', tickAtMs: 2, releaseAtMs: Date.now() + 5_000, waitUntilMs: Date.now() + 4_000 }, FAST);

    // Assess
    expect('lease' in next).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(crashedAt + 1_000);
    if ('lease' in next) {
      expect(next.waitedMs).toBeLessThan(2_000);
      await next.lease.release();
    }
  }, 10_000);
});
