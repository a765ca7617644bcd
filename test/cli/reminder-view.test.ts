import { expect, it } from 'vitest';
import { reminderCells, reminderView } from '../../cli/reminder-view.ts';
import type { Reminder } from '../../core/store/index.ts';

const NOW = new Date('2026-11-24T09:00:00.000Z');

function row(overrides: Partial<Reminder>): Reminder {
  return {
    pk: 'CHAT#42', sk: 'REMINDER#01JABCDEFGHJKMNPQRSTVWXYZ0', type: 'reminder', id: '01JABCDEFGHJKMNPQRSTVWXYZ0', chatId: 42, shortId: 3,
    text: 'gym', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: '2026-11-24T18:00:00.000Z', status: 'pending',
    attempts: 0, firedCount: 0, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), ...overrides,
  };
}

it('a reminder the person paused reads "paused (by user)" with since when; the automatic pause reads "paused"', () => {
  // Act
  const mine = reminderView(row({ status: 'paused', userPausedAt: '2026-11-24T08:30:00.000Z', duePk: 'PAUSED' }), NOW);
  const blocked = reminderView(row({ status: 'paused', duePk: 'PAUSED' }), NOW);

  // Assess
  expect(mine.pausedByUserAt).toBe('2026-11-24T08:30:00.000Z');
  expect(reminderCells(mine)[1]).toBe('paused (by user)');
  expect(blocked.pausedByUserAt).toBeUndefined();
  expect(reminderCells(blocked)[1]).toBe('paused');
});
