import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cronAsRrule, scheduleAsRfc5545 } from '../../core/admin/index.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { dueRowOf } from '../../core/sweeper/index.ts';
import { keys } from '../../schema/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';
import { once } from './support.ts';

const T0 = new Date('2026-11-24T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('the FAILED and PAUSED partitions of the due index (dynalite)', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo('dynalite');
  });
  afterAll(() => dynamo?.stop());

  it('pause moves waiting rows to PAUSED, leaves failed rows failed, and resume brings them back to their DUE shard', async () => {
    // Prepare: one failed and one waiting reminder in chat 42.
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: await dynamo.newTable('keys') });
    const broken = await store.createReminder(once(42, at(1_000), 'broken'), T0);
    const waiting = await store.createReminder(once(42, at(3_600_000), 'waiting'), T0);
    const row = (await store.findDue(at(1_000))).rows[0]!;
    const claimed = await store.claim(row, { now: at(1_000), leaseMs: 60_000, token: 't' });
    const failed = await store.fail(claimed, 't', 'chat not found', at(1_000));

    // Act
    const paused = await store.pauseChat(42, 'blocked', at(2_000));
    const whilePaused = await store.getReminder(42, waiting.id);
    const failedAfterPause = await store.getReminder(42, broken.id);
    await store.resumeChat(42, at(3_000));

    // Assess
    expect(failed).toMatchObject({ duePk: keys.failedPk, dueSk: keys.dueSk(at(1_000).toISOString(), broken.id) });
    expect(paused).toBe(1); // the failed row is not "waiting": it stays failed
    expect(whilePaused).toMatchObject({ status: 'paused', duePk: keys.pausedPk, dueSk: keys.dueSk(at(2_000).toISOString(), waiting.id) });
    expect(failedAfterPause).toEqual(failed);
    // Neither stopped row is something a timer may claim, although both carry a dueSk ending in their id.
    expect(dueRowOf(failed)).toBeUndefined();
    expect(dueRowOf(whilePaused!)).toBeUndefined();
    expect(await store.getReminder(42, waiting.id)).toMatchObject({ status: 'pending', duePk: waiting.duePk, dueSk: waiting.dueSk });
    expect((await store.findDue(at(86_400_000))).rows.map((r) => r.id)).toEqual([waiting.id]);
  });
});

describe('schedules as RFC 5545 text', () => {
  it.each([
    ['30 8 * * 1-5', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30'],
    ['0 9 * * *', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0'],
    ['0,30 9-17 * * *', 'FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16,17;BYMINUTE=0,30'],
    ['0 9 * * 1#1', 'FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9;BYMINUTE=0'],
    ['0 18 * * 5L', 'FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=18;BYMINUTE=0'],
    ['0 9 15 * *', 'FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=0'],
    ['0 9 3 3 *', 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3;BYHOUR=9;BYMINUTE=0'],
    ['0 9 1 * 1', null],
    ['not a cron', null],
  ])('%s → %s', (cron, rule) => {
    expect(cronAsRrule(cron)).toBe(rule);
  });

  it('puts DTSTART in the zone and until/count on the rule', () => {
    const schedule = { kind: 'recurring' as const, cron: '0 9 * * *', tz: 'America/New_York', until: '2026-12-31T22:59:59.000Z', maxCount: 10 };
    expect(scheduleAsRfc5545(schedule, new Date('2026-11-25T14:00:00.000Z'), 'UTC')).toEqual({
      dtstart: 'DTSTART;TZID=America/New_York:20261125T090000',
      rrule: 'RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0;UNTIL=20261231T225959Z;COUNT=10',
    });
    expect(scheduleAsRfc5545({ kind: 'once' }, new Date('2026-11-25T14:00:00.000Z'), 'Asia/Tokyo')).toEqual({ dtstart: 'DTSTART;TZID=Asia/Tokyo:20261125T230000', rrule: null });
  });
});

describe('the sweep status sink', () => {
  it('writes the run as one item, hands the report on, and only logs when the write fails', async () => {
    // Prepare
    const { summarise } = await import('../../core/sweeper/index.ts');
    const { withSweepStatus } = await import('../../core/admin/index.ts');
    const report = summarise([{ reminderId: 'r', chatId: 1, outcome: 'delivered', claimed: true, dueAt: T0.toISOString(), lagMs: 40 }], {
      startedAt: T0, finishedAt: at(250), windowEnd: at(60_000), stoppedBy: 'idle', queries: 1, dueFound: 1, queryErrors: 0,
    });
    const written: unknown[] = [];
    const handedOn: unknown[] = [];
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };

    // Act
    await withSweepStatus({ publish: (r) => void handedOn.push(r) }, async (item) => void written.push(item), log).publish(report);
    await withSweepStatus({ publish: (r) => void handedOn.push(r) }, async () => { throw new Error('throttled'); }, log).publish(report);

    // Assess
    expect(written).toEqual([{ pk: 'ADMIN', sk: 'SWEEP', type: 'sweep-status', startedAt: T0.toISOString(), finishedAt: at(250).toISOString(), durationMs: 250, stoppedBy: 'idle', dueFound: 1, delivered: 1, retried: 0, failed: 0, lagP50Ms: 40, lagP95Ms: 40 }]);
    expect(handedOn).toEqual([report, report]);
    expect(warnings).toEqual(['sweep status could not be written']);
  });
});
