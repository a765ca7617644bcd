import { afterAll, beforeAll, expect, it } from 'vitest';
import { ReminderNotFoundError } from '../../core/store/index.ts';
import { DynamoDbReminderStore, DynamoDbUserPause } from '../../adapters/dynamodb/index.ts';
import { isWaitingToFire, keys } from '../../schema/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';

// The user pause against dynalite: out of the due index and back, and what it refuses to touch.

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo('dynalite');
});
afterAll(() => dynamo?.stop());

const T = new Date('2026-11-24T09:00:00.000Z');
const CHAT = 42;
const later = (ms: number) => new Date(T.getTime() + ms);

async function setup() {
  const tableName = await dynamo.newTable('user-pause');
  const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName });
  const pause = new DynamoDbUserPause({ client: dynamo.doc, tableName });
  const create = (text: string, ms: number) =>
    store.createReminder({ chatId: CHAT, text, work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: later(ms) }, T);
  return { store, pause, create };
}

it('a paused row leaves the due shards for PAUSED, and findDue no longer reads it; resume puts it back at the given time', async () => {
  // Prepare
  const { store, pause, create } = await setup();
  const row = await create('stretch', 60_000);

  // Act
  const paused = await pause.pauseByUser(CHAT, row.id, T);
  const dueWhilePaused = await store.findDue(later(3_600_000));
  const resumed = await pause.resumeByUser(CHAT, row.id, later(120_000), later(1_000));
  const dueAfter = await store.findDue(later(3_600_000));

  // Assess
  expect(paused.kind).toBe('paused');
  expect(paused.reminder).toMatchObject({ status: 'paused', duePk: keys.pausedPk, userPausedAt: T.toISOString() });
  expect(dueWhilePaused.rows).toEqual([]);
  expect(dueWhilePaused.itemsRead).toBe(0);
  expect(resumed).toMatchObject({ status: 'pending', dueAt: later(120_000).toISOString() });
  expect(resumed && isWaitingToFire(resumed)).toBe(true);
  expect(resumed?.userPausedAt).toBeUndefined();
  expect(dueAfter.rows.map((r) => r.id)).toEqual([row.id]);
});

it('a claimed row is not paused behind the sweeper: not-pausable, row unchanged', async () => {
  // Prepare
  const { store, pause, create } = await setup();
  const row = await create('call Bob', 1_000);
  const [due] = (await store.findDue(later(60_000))).rows;
  const claimed = await store.claim(due!, { now: later(1_000), leaseMs: 300_000, token: 'tok-1' });

  // Act
  const result = await pause.pauseByUser(CHAT, row.id, later(2_000));

  // Assess
  expect(result.kind).toBe('not-pausable');
  expect(await store.getReminder(CHAT, row.id)).toEqual(claimed);
});

it('the chat pause and its lifting leave a user-paused row paused; resume while the chat is blocked keeps it out of the index', async () => {
  // Prepare
  const { store, pause, create } = await setup();
  const mine = await create('mine', 60_000);
  const other = await create('other', 120_000);
  await pause.pauseByUser(CHAT, mine.id, T);

  // Act
  await store.pauseChat(CHAT, 'Forbidden: bot was blocked by the user', later(1_000));
  const resumedWhileBlocked = await pause.resumeByUser(CHAT, mine.id, later(60_000), later(2_000));
  const stillPausedByChat = await store.getReminder(CHAT, mine.id);
  await pause.pauseByUser(CHAT, mine.id, later(3_000));
  await store.resumeChat(CHAT, later(4_000));

  // Assess
  expect(resumedWhileBlocked).toMatchObject({ status: 'paused', duePk: keys.pausedPk });
  expect(resumedWhileBlocked?.userPausedAt).toBeUndefined();
  expect(stillPausedByChat?.status).toBe('paused');
  expect(await store.getReminder(CHAT, mine.id)).toMatchObject({ status: 'paused', duePk: keys.pausedPk, userPausedAt: later(3_000).toISOString() });
  expect(await store.getReminder(CHAT, other.id)).toMatchObject({ status: 'pending' });
});

it('twice is "already"; resume of a row that is not user-paused writes nothing; a missing row is ReminderNotFoundError', async () => {
  const { store, pause, create } = await setup();
  const row = await create('water', 60_000);
  await pause.pauseByUser(CHAT, row.id, T);
  const before = await store.getReminder(CHAT, row.id);

  expect((await pause.pauseByUser(CHAT, row.id, later(1_000))).kind).toBe('already');
  expect(await store.getReminder(CHAT, row.id)).toEqual(before);
  await pause.resumeByUser(CHAT, row.id, later(60_000), later(1_000));
  const active = await store.getReminder(CHAT, row.id);
  expect(await pause.resumeByUser(CHAT, row.id, later(90_000), later(2_000))).toBeUndefined();
  expect(await store.getReminder(CHAT, row.id)).toEqual(active);
  await expect(pause.pauseByUser(CHAT, '01JZZZZZZZZZZZZZZZZZZZZZZZ', T)).rejects.toBeInstanceOf(ReminderNotFoundError);
  await expect(pause.resumeByUser(CHAT, '01JZZZZZZZZZZZZZZZZZZZZZZZ', later(60_000), T)).rejects.toBeInstanceOf(ReminderNotFoundError);
});
