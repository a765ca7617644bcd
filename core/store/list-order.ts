import type { ReminderItem } from '../../schema/index.ts';
import { InvalidReminderInputError } from './errors.ts';

/**
 * Where a reminder sits in a chat's list: waiting ones (pending/sending) first, then paused/failed;
 * soonest first within each; id breaks ties. A cursor is the position of the last row shown, so
 * the next page starts strictly after it even if rows were added or removed in between
 * (an offset would skip or repeat rows).
 */
export interface ListPosition {
  group: 0 | 1;
  dueAt: string;
  id: string;
}

export function listPosition(reminder: Pick<ReminderItem, 'status' | 'dueAt' | 'id'>): ListPosition {
  const group = reminder.status === 'pending' || reminder.status === 'sending' ? 0 : 1;
  return { group, dueAt: reminder.dueAt, id: reminder.id };
}

export function compareListPositions(a: ListPosition, b: ListPosition): number {
  if (a.group !== b.group) return a.group - b.group;
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.group, position.dueAt, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): ListPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3) {
      const [group, dueAt, id] = value as unknown[];
      if ((group === 0 || group === 1) && typeof dueAt === 'string' && typeof id === 'string') return { group, dueAt, id };
    }
  } catch {
    // Falls through to the typed error: a cursor is opaque, so any damage is "not a cursor we gave out".
  }
  throw new InvalidReminderInputError('cursor', 'list cursor is not one this store handed out');
}
