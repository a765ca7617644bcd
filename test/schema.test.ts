import { describe, expect, it } from 'vitest';
import { createTableInput, dueShard, keys, ReminderItem, TABLE } from '../schema/index.ts';

describe('schema', () => {
  it('spreads ids over every shard and keeps a given id on one shard', () => {
    const seen = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const shard = dueShard(`01JREMINDER${i}`, 16);
      seen.set(shard, (seen.get(shard) ?? 0) + 1);
    }
    expect(seen.size).toBe(16);
    for (const count of seen.values()) expect(count).toBeGreaterThan(400);
    expect(dueShard('01JABC', 16)).toBe(dueShard('01JABC', 16));
  });

  it('rejects a non-positive shard count', () => {
    expect(() => dueShard('x', 0)).toThrow(RangeError);
  });

  it('builds the table and due index from the shared names', () => {
    const input = createTableInput('t');
    expect(input.KeySchema.map((k) => k.AttributeName)).toEqual([TABLE.partitionKey, TABLE.sortKey]);
    expect(input.GlobalSecondaryIndexes[0]?.IndexName).toBe(TABLE.dueIndex.name);
    expect(keys.dueSk('2026-01-01T09:00:00.000Z', 'ID')).toBe('2026-01-01T09:00:00.000Z#ID');
  });

  it('refuses a reminder with an unknown zone', () => {
    const base = {
      pk: 'CHAT#1', sk: 'REMINDER#01JABCDEFGH', type: 'reminder', id: '01JABCDEFGH', chatId: 1, shortId: 1,
      text: 'x', work: 'message', schedule: { kind: 'once' }, tz: 'Europe/Berlin', dueAt: '2026-01-01T09:00:00.000Z',
      status: 'pending', attempts: 0, firedCount: 0, createdAt: '2026-01-01T08:00:00.000Z', updatedAt: '2026-01-01T08:00:00.000Z',
    };
    expect(ReminderItem.safeParse(base).success).toBe(true);
    expect(ReminderItem.safeParse({ ...base, tz: 'Mars/Olympus' }).success).toBe(false);
  });
});
