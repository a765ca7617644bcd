import { describe, expect, it } from 'vitest';
import { InvalidReminderInputError, type MessageOutcome } from '../../core/store/index.ts';
import { contractBackends } from '../support/dynamo.ts';
import { at, HOUR, MINUTE, newStore, scanAll, SECOND, T0, useTestDynamo } from './fixtures.ts';

const SNOOZED: MessageOutcome = { kind: 'snoozed', choice: '10m', reminderId: '01JTESTSNOOZEDCOPY0000000A', shortId: 2, dueAt: at(10 * MINUTE).toISOString() };

describe.each(contractBackends())('reminder store: what a delivered message’s buttons did (%s)', (backend) => {
  const dynamo = useTestDynamo(backend);

  it('records the first outcome only and hands later callers the first one', async () => {
    // Prepare
    const { store } = await newStore(dynamo());

    // Act
    const first = await store.recordMessageOutcome(42, 7001, SNOOZED, T0, HOUR / SECOND);
    const second = await store.recordMessageOutcome(42, 7001, { kind: 'done' }, at(SECOND), HOUR / SECOND);
    const otherMessage = await store.recordMessageOutcome(42, 7002, { kind: 'done' }, at(SECOND), HOUR / SECOND);
    const otherChat = await store.recordMessageOutcome(43, 7001, { kind: 'done' }, at(SECOND), HOUR / SECOND);

    // Assess
    expect(first).toEqual({ recorded: true });
    expect(second).toEqual({ recorded: false, existing: { chatId: 42, messageId: 7001, outcome: SNOOZED, at: T0.toISOString() } });
    expect([otherMessage, otherChat]).toEqual([{ recorded: true }, { recorded: true }]);
    expect(await store.getMessageOutcome(42, 7001, at(MINUTE))).toMatchObject({ outcome: SNOOZED });
    expect(await store.getMessageOutcome(42, 7003, at(MINUTE))).toBeUndefined();
  });

  it('lets exactly one of several racing callers win', async () => {
    const { store } = await newStore(dynamo());

    const results = await Promise.all(
      ['10m', '1h', 'tomorrow', '10m', '1h'].map((choice) => store.recordMessageOutcome(42, 8001, { ...SNOOZED, choice }, T0, 3600)),
    );

    const winners = results.filter((r) => r.recorded);
    expect(winners).toHaveLength(1);
    const stored = await store.getMessageOutcome(42, 8001, T0);
    for (const loser of results.filter((r) => !r.recorded)) expect(loser).toEqual({ recorded: false, existing: stored });
  });

  it('treats an expired record as absent even before TTL deletes it', async () => {
    const { store } = await newStore(dynamo());
    await store.recordMessageOutcome(42, 9001, { kind: 'done' }, T0, 60);

    const seenAfterExpiry = await store.getMessageOutcome(42, 9001, at(60 * SECOND));
    const again = await store.recordMessageOutcome(42, 9001, SNOOZED, at(61 * SECOND), 60);

    expect(seenAfterExpiry).toBeUndefined();
    expect(again).toEqual({ recorded: true });
    expect((await store.getMessageOutcome(42, 9001, at(62 * SECOND)))?.outcome).toEqual(SNOOZED);
  });

  it('refuses malformed input without writing', async () => {
    const { store, tableName } = await newStore(dynamo());

    const errors = await Promise.all(
      [
        store.recordMessageOutcome(Number.NaN, 1, { kind: 'done' }, T0, 60),
        store.recordMessageOutcome(42, 1.5, { kind: 'done' }, T0, 60),
        store.recordMessageOutcome(42, 1, { ...SNOOZED, dueAt: 'tomorrow' }, T0, 60),
        store.recordMessageOutcome(42, 1, { ...SNOOZED, shortId: 0 }, T0, 60),
        store.recordMessageOutcome(42, 1, { kind: 'done' }, T0, 0),
      ].map((p) => p.catch((e: unknown) => e)),
    );

    for (const error of errors) expect(error).toBeInstanceOf(InvalidReminderInputError);
    expect(errors.map((e) => (e as InvalidReminderInputError).field)).toEqual(['chatId', 'messageId', 'outcome.dueAt', 'outcome.shortId', 'ttlSeconds']);
    expect(await scanAll(dynamo().doc, tableName)).toEqual([]);
  });
});

describe('InvalidReminderInputError reasons', () => {
  it('says why text was refused, with the numbers a reply needs', async () => {
    const { store } = await newStoreLite();
    const tooLong = await store.createReminder({ chatId: 42, text: 'x'.repeat(5000), work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: at(HOUR) }, T0).catch((e: unknown) => e);
    const empty = await store.createReminder({ chatId: 42, text: '  ', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: at(HOUR) }, T0).catch((e: unknown) => e);
    const past = await store.createReminder({ chatId: 42, text: 'x', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: T0 }, T0).catch((e: unknown) => e);

    expect(tooLong).toBeInstanceOf(InvalidReminderInputError);
    expect((tooLong as InvalidReminderInputError).reason).toEqual({ kind: 'too_long', length: 5000, limit: 4000 });
    expect((empty as InvalidReminderInputError).reason).toEqual({ kind: 'empty' });
    expect((past as InvalidReminderInputError).reason).toEqual({ kind: 'not_future' });
  });
});

// Validation happens before any write, so these need no server: a client that must never be called.
async function newStoreLite() {
  const { DynamoDbReminderStore } = await import('../../adapters/dynamodb/index.ts');
  const client = { send: () => Promise.reject(new Error('no write expected')) } as never;
  return { store: new DynamoDbReminderStore({ client, tableName: 'unused' }) };
}
