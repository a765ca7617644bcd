import { describe, expect, it } from 'vitest';
import { InvalidReminderInputError } from '../../core/store/index.ts';
import { contractBackends } from '../support/dynamo.ts';
import { at, HOUR, MINUTE, newStore, oneTime, scanAll, SECOND, T0, useTestDynamo } from './fixtures.ts';

describe.each(contractBackends())('reminder store: chat settings, dedupe markers, turns (%s)', (backend) => {
  const dynamo = useTestDynamo(backend);

  it('stores the chat timezone without disturbing the short-id counter', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    await store.createReminder(oneTime(42, at(HOUR)), T0);

    // Act
    const missing = await store.getChatSettings(41);
    const set = await store.setChatTimezone(42, 'America/Sao_Paulo', at(MINUTE));
    const fresh = await store.setChatTimezone(43, 'Asia/Tokyo', at(MINUTE));
    const next = await store.createReminder(oneTime(42, at(HOUR)), at(2 * MINUTE));

    // Assess
    expect(missing).toBeUndefined();
    expect(set).toMatchObject({ chatId: 42, timezone: 'America/Sao_Paulo', shortIdCounter: 1, updatedAt: at(MINUTE).toISOString() });
    expect(fresh).toMatchObject({ chatId: 43, timezone: 'Asia/Tokyo', shortIdCounter: 0 });
    expect(next.shortId).toBe(2);
    expect(await store.getChatSettings(42)).toMatchObject({ timezone: 'America/Sao_Paulo', shortIdCounter: 2 });
  });

  it('stores the reply language beside the timezone and counter, and refuses a malformed one', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    await store.setChatTimezone(44, 'Europe/Berlin', T0);
    await store.createReminder(oneTime(44, at(HOUR)), T0);

    // Act
    const set = await store.setChatLanguage(44, 'de', at(MINUTE));
    const fresh = await store.setChatLanguage(45, 'pt-br', at(MINUTE));
    const refused = await store.setChatLanguage(44, 'deutsch please', at(MINUTE)).catch((e: unknown) => e);

    // Assess
    expect(set).toMatchObject({ chatId: 44, timezone: 'Europe/Berlin', language: 'de', shortIdCounter: 1 });
    expect(fresh).toMatchObject({ chatId: 45, language: 'pt-br', shortIdCounter: 0 });
    expect(refused).toBeInstanceOf(InvalidReminderInputError);
    expect(await store.getChatSettings(44)).toMatchObject({ language: 'de' });
  });

  it('refuses an unknown timezone or chat id without writing', async () => {
    // Prepare
    const { store, tableName } = await newStore(dynamo());

    // Act
    const errors = await Promise.all([
      store.setChatTimezone(42, 'Europe/Atlantis', T0),
      store.setChatTimezone(42, '', T0),
      store.setChatTimezone(Number.NaN, 'UTC', T0),
    ].map((p) => p.catch((e: unknown) => e)));

    // Assess
    expect(errors.map((e) => (e as InvalidReminderInputError).field)).toEqual(['timezone', 'timezone', 'chatId']);
    for (const error of errors) expect(error).toBeInstanceOf(InvalidReminderInputError);
    expect(await scanAll(dynamo().doc, tableName)).toEqual([]);
  });

  it('marks a processed update once; an expired marker counts as absent even before TTL deletes it', async () => {
    // Prepare
    const { store } = await newStore(dynamo());

    // Act
    const first = await store.markUpdateProcessed(900_001, T0, 60, 42);
    const second = await store.markUpdateProcessed(900_001, at(30 * SECOND), 60, 42);
    const seenWhileAlive = await store.isUpdateProcessed(900_001, at(59 * SECOND));
    const seenAfterExpiry = await store.isUpdateProcessed(900_001, at(60 * SECOND));
    const afterExpiry = await store.markUpdateProcessed(900_001, at(61 * SECOND), 60, 42);
    const againAfterRemark = await store.markUpdateProcessed(900_001, at(62 * SECOND), 60);
    const racing = await Promise.all(Array.from({ length: 5 }, () => store.markUpdateProcessed(900_002, T0, 60)));

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect([seenWhileAlive, seenAfterExpiry]).toEqual([true, false]);
    expect([afterExpiry, againAfterRemark]).toEqual([true, false]);
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await store.isUpdateProcessed(123, T0)).toBe(false);
  });

  it('keeps conversation turns bounded, oldest first, leaving out expired ones', async () => {
    // Prepare
    const { store } = await newStore(dynamo());
    await store.appendTurn(42, { role: 'user', content: 'old, expires soon' }, T0, 60);
    for (let i = 0; i < 6; i++) {
      await store.appendTurn(42, { role: i % 2 ? 'assistant' : 'user', content: `turn ${i}` }, at(i * SECOND + SECOND), 3600);
    }
    // Same millisecond: both kept, in the order they were appended.
    await store.appendTurn(42, { role: 'user', content: 'same ms A' }, at(10 * SECOND), 3600);
    await store.appendTurn(42, { role: 'assistant', content: 'same ms B' }, at(10 * SECOND), 3600);
    await store.appendTurn(43, { role: 'user', content: 'other chat' }, at(10 * SECOND), 3600);

    // Act
    const lastFour = await store.listTurns(42, at(2 * MINUTE), 4);
    const all = await store.listTurns(42, at(2 * MINUTE), 100);
    const withOld = await store.listTurns(42, at(30 * SECOND), 100);

    // Assess
    expect(lastFour.map((t) => t.content)).toEqual(['turn 4', 'turn 5', 'same ms A', 'same ms B']);
    expect(all.map((t) => t.content)).toEqual(['turn 0', 'turn 1', 'turn 2', 'turn 3', 'turn 4', 'turn 5', 'same ms A', 'same ms B']);
    expect(withOld[0]?.content).toBe('old, expires soon');
    expect(all[1]).toMatchObject({ role: 'assistant', chatId: 42, at: at(2 * SECOND).toISOString() });
    await expect(store.listTurns(42, T0, 0)).rejects.toBeInstanceOf(InvalidReminderInputError);
  });
});
