import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachDynamoMeter, type DynamoMeter } from '../../bench/harness/dynamo-meter.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { contractBackends, startTestDynamo, type TestDynamo } from '../support/dynamo.ts';

// The benchmark's request/unit counter, checked against the real store on dynalite: these counts feed
// the cost model, so a miscount would misprice every line of it.
let dynamo: TestDynamo;
let meter: DynamoMeter;
beforeAll(async () => {
  dynamo = await startTestDynamo('dynalite');
  meter = attachDynamoMeter(dynamo.client);
});
afterAll(() => dynamo.stop());

const NOW = new Date('2026-03-01T08:00:00.000Z');

describe('DynamoDB meter', () => {
  it('counts a one-time reminder from creation to delivery: requests, items and units with index writes', async () => {
    // Prepare
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: await dynamo.newTable('meter') });
    meter.reset();

    // Act
    const reminder = await store.createReminder({ chatId: 7, text: 'stretch', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(NOW.getTime() + 60_000) }, NOW);
    const created = meter.snapshot();
    meter.reset();
    const due = await store.findDue(new Date(NOW.getTime() + 120_000));
    const found = meter.snapshot();
    meter.reset();
    const claimed = await store.claim(due.rows[0]!, { now: NOW, leaseMs: 300_000, token: 'meter-token' });
    await store.complete(claimed, 'meter-token', { now: NOW, messageId: 1 });
    const settled = meter.snapshot();

    // Assess
    expect(reminder.shortId).toBe(1);
    // Short-id counter (1 WRU) + the row (1 WRU) + its due-index and list-index entries (2 WRU) + the admin
    // chat counter, counted on a chat's first reminder (1 WRU).
    expect(created).toMatchObject({ requests: 3, itemsWritten: 3, indexWrites: 2, writeUnits: 5 });
    // One query per shard (16), one item read, each query billed at least 0.5 RRU.
    expect(found.byCommand.QueryCommand).toBe(16);
    expect(found.itemsRead).toBe(1);
    expect(found.billedReadUnits).toBe(8);
    // Claim writes only the lease (row 1, no index entry moves: it was 3 when the claim moved dueSk);
    // complete is ONE update that turns the row into its own delivery-log entry: the row (1), its due-index
    // entry moved from DUE#<shard> to SENT#<day> (2) and its list-index entry removed (1). It was 6: a
    // delete (1 + 2) and a separate log item with its SENT#<day> entry (1 + 1).
    expect(settled).toMatchObject({ requests: 2, itemsWritten: 2, indexWrites: 3, writeUnits: 5 });
    expect(settled.byCommand).toEqual({ UpdateItemCommand: 2 });
  });

  it('counts a lost claim: the refused conditional write is billed (1 WRU) and both claim attempts are counted', async () => {
    // Prepare
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: await dynamo.newTable('meter-lost') });
    await store.createReminder({ chatId: 8, text: 'raced', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(NOW.getTime() + 60_000) }, NOW);
    const [row] = (await store.findDue(new Date(NOW.getTime() + 120_000))).rows;
    meter.reset();

    // Act
    await store.claim(row!, { now: NOW, leaseMs: 300_000, token: 'first' });
    const lost = await store.claim(row!, { now: NOW, leaseMs: 300_000, token: 'second' }).catch((error: unknown) => error);
    const usage = meter.snapshot();

    // Assess
    expect(lost).toBeInstanceOf(Error);
    expect(usage).toMatchObject({ claimWrites: 2, failedConditionalWrites: 1 });
    expect(usage.byCommand.UpdateItemCommand).toBe(2);
    // Won claim 1 WRU, lost claim 1 WRU (plus whatever the store's recovery read after a lost claim costs, which is a read).
    expect(usage.writeUnits).toBe(2);
  });

  it('counts a recurring re-arm: the lease alone to claim, then the row moved in both indexes and the log line', async () => {
    // Prepare
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: await dynamo.newTable('meter') });
    const schedule = { kind: 'recurring' as const, cron: '0 9 * * *', tz: 'UTC' };
    await store.createReminder({ chatId: 9, text: 'standup', work: 'message', schedule, tz: 'UTC', dueAt: new Date('2026-03-01T09:00:00.000Z') }, NOW);
    const [row] = (await store.findDue(new Date('2026-03-01T09:00:00.000Z'))).rows;
    meter.reset();

    // Act
    const claimed = await store.claim(row!, { now: new Date('2026-03-01T08:59:59.000Z'), leaseMs: 30_000, token: 'meter-token' });
    const claim = meter.snapshot();
    await store.complete(claimed, 'meter-token', { now: new Date('2026-03-01T09:00:00.000Z'), messageId: 2 });

    // Assess: claim 1 (was 3); re-arm 1 + due entry moved (2) + list entry moved (2); log 1 + its SENT#<day> entry 1.
    expect(claim).toMatchObject({ requests: 1, indexWrites: 0, writeUnits: 1 });
    expect(meter.snapshot()).toMatchObject({ requests: 3, itemsWritten: 3, indexWrites: 5, writeUnits: 8 });
  });

  it('leaves reads of an idle index at zero items, whatever is pending later', async () => {
    // Prepare
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: await dynamo.newTable('meter') });
    await store.createReminder({ chatId: 8, text: 'tomorrow', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(NOW.getTime() + 86_400_000) }, NOW);
    meter.reset();

    // Act
    await store.findDue(new Date(NOW.getTime() + 60_000));

    // Assess
    expect(meter.snapshot()).toMatchObject({ requests: 16, itemsRead: 0, writeUnits: 0, billedReadUnits: 8 });
  });
});

// DynamoDB Local accounts like AWS: its totals already include index units, listed per index. The meter
// must count them once on either server, so the bench's figures do not depend on the backend.
describe.each(contractBackends())('DynamoDB meter on %s', (backend) => {
  let server: TestDynamo;
  let serverMeter: DynamoMeter;
  beforeAll(async () => {
    server = await startTestDynamo(backend);
    serverMeter = attachDynamoMeter(server.client);
  });
  afterAll(() => server?.stop());

  it('counts the same write units for a one-time delivery and a re-arm on either server (index units once)', async () => {
    // Prepare
    const store = new DynamoDbReminderStore({ client: server.doc, tableName: await server.newTable('meter-both') });
    const once = await store.createReminder({ chatId: 11, text: 'once', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(NOW.getTime() + 60_000) }, NOW);
    const schedule = { kind: 'recurring' as const, cron: '0 9 * * *', tz: 'UTC' };
    const daily = await store.createReminder({ chatId: 11, text: 'daily', work: 'message', schedule, tz: 'UTC', dueAt: new Date('2026-03-01T09:00:00.000Z') }, NOW);
    const rows = (await store.findDue(new Date('2026-03-01T09:00:00.000Z'))).rows;
    const settle = async (id: string, token: string) => {
      serverMeter.reset();
      const claimed = await store.claim(rows.find((r) => r.id === id)!, { now: NOW, leaseMs: 30_000, token });
      await store.complete(claimed, token, { now: new Date(Math.max(NOW.getTime(), Date.parse(claimed.dueAt))), messageId: 1 });
      return serverMeter.snapshot();
    };

    // Act
    const oneTime = await settle(once.id, 'a');
    const rearm = await settle(daily.id, 'b');

    // Assess
    expect(oneTime).toMatchObject({ itemsWritten: 2, indexWrites: 3, writeUnits: 5 });
    expect(rearm).toMatchObject({ itemsWritten: 3, indexWrites: 5, writeUnits: 8 });
  });
});
