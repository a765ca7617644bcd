import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaleClaimError } from '../../core/store/index.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { keys } from '../../schema/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo('dynalite');
});
afterAll(() => dynamo?.stop());

const T = new Date('2026-11-24T09:00:00.000Z');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fault injection: the same client, but every Query (reading the chat's rows) waits `ms` first. */
function slowQueries(doc: DynamoDBDocumentClient, ms: number): DynamoDBDocumentClient {
  const slowed = Object.create(doc) as DynamoDBDocumentClient;
  slowed.send = (async (command: unknown) => {
    if (command instanceof QueryCommand) await sleep(ms);
    return (doc.send as (c: unknown) => Promise<unknown>)(command);
  }) as DynamoDBDocumentClient['send'];
  return slowed;
}

async function chatWithRows(chatId: number, count: number) {
  const tableName = await dynamo.newTable('pause');
  const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName });
  for (let i = 0; i < count; i++) {
    await store.createReminder({ chatId, text: `row ${i}`, work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(T.getTime() + (i + 1) * 60_000) }, T);
  }
  return { tableName, store };
}

/** The invariant: a blocked chat has no row waiting in the index; an unblocked chat has no paused row. */
async function matchesFlag(store: DynamoDbReminderStore, chatId: number) {
  const blocked = (await store.getChatSettings(chatId))?.blocked === true;
  const rows = (await store.listReminders(chatId, { limit: 100 })).items;
  const paused = rows.filter((r) => r.status === 'paused').length;
  return { blocked, paused, waiting: rows.length - paused, consistent: blocked ? paused === rows.length : paused === 0 };
}

describe('pause and resume racing (issue #12, item 6)', () => {
  it('a resume that runs entirely inside a slow pause leaves the unblocked chat with its rows in the index', async () => {
    // Prepare: 6 rows; the pause's read of the rows is slow, so a whole resume fits between its flag and its row updates.
    const chatId = 6_001;
    const { tableName, store } = await chatWithRows(chatId, 6);
    const slowStore = new DynamoDbReminderStore({ client: slowQueries(dynamo.doc, 400), tableName });

    // Act
    const pausing = slowStore.pauseChat(chatId, 'blocked', T);
    await sleep(100);
    await store.resumeChat(chatId, T);
    await pausing;

    // Assess
    const state = await matchesFlag(store, chatId);
    expect(state).toMatchObject({ blocked: false, paused: 0, waiting: 6, consistent: true });
  });

  it('a pause that runs entirely inside a slow resume leaves the blocked chat with every row paused', async () => {
    // Prepare: a paused chat; the resume's read of the rows is slow, so a whole pause fits between its flag and its row updates.
    const chatId = 6_002;
    const { tableName, store } = await chatWithRows(chatId, 6);
    await store.pauseChat(chatId, 'blocked', T);
    const slowStore = new DynamoDbReminderStore({ client: slowQueries(dynamo.doc, 400), tableName });

    // Act
    const resuming = slowStore.resumeChat(chatId, T);
    await sleep(100);
    await store.pauseChat(chatId, 'blocked again', T);
    await resuming;

    // Assess
    const state = await matchesFlag(store, chatId);
    expect(state).toMatchObject({ blocked: true, paused: 6, waiting: 0, consistent: true });
  });

  it('any interleaving of 12 random pause/resume races ends with the rows matching the flag', async () => {
    for (let round = 0; round < 12; round++) {
      // Prepare
      const chatId = 6_100 + round;
      const { tableName, store } = await chatWithRows(chatId, 3);
      if (round % 2) await store.pauseChat(chatId, 'blocked', T);
      const a = new DynamoDbReminderStore({ client: slowQueries(dynamo.doc, Math.floor(Math.random() * 60)), tableName });
      const b = new DynamoDbReminderStore({ client: slowQueries(dynamo.doc, Math.floor(Math.random() * 60)), tableName });
      // Act
      await Promise.all([a.pauseChat(chatId, 'blocked', T), sleep(Math.random() * 30).then(() => b.resumeChat(chatId, T))]);
      // Assess
      expect(await matchesFlag(store, chatId)).toMatchObject({ consistent: true });
    }
  }, 60_000);

  it('a claim renewed after its chat was paused leaves the row paused, so the resume brings it back', async () => {
    // Prepare: a row claimed by a slow send (#13 renews such claims), then its chat paused (#12), which
    // moves the row into the PAUSED partition (#18) and keeps the claim token for the sender.
    const chatId = 6_010;
    const { store } = await chatWithRows(chatId, 1);
    const [row] = (await store.findDue(new Date(T.getTime() + 60_000))).rows;
    const claimed = await store.claim(row!, { now: T, leaseMs: 30_000, token: 'slow-send' });
    await store.pauseChat(chatId, 'Forbidden: bot was blocked by the user', T);

    // Act: the sender's renewal, then the user is back.
    const renewal = await store.renewClaim(claimed, 'slow-send', new Date(T.getTime() + 40_000), new Date(T.getTime() + 10_000)).catch((error: unknown) => error);
    const whilePaused = await store.getReminder(chatId, claimed.id);
    const resumed = await store.resumeChat(chatId, new Date(T.getTime() + 20_000));

    // Assess: the renewal is refused (nothing left to hold), the row stays paused, and comes back whole.
    expect(renewal).toBeInstanceOf(StaleClaimError);
    expect(whilePaused).toMatchObject({ status: 'paused', duePk: keys.pausedPk });
    expect(resumed).toBe(1);
    expect(await matchesFlag(store, chatId)).toMatchObject({ blocked: false, paused: 0, waiting: 1, consistent: true });
    expect(await store.getReminder(chatId, claimed.id)).toMatchObject({ status: 'pending', duePk: expect.stringMatching(/^DUE#/) });
  });
});
