/** A reminder row as an admin reads it: the same fields for the table and for --json. */
import type { Reminder } from '../core/store/index.ts';
import { describeSchedule, formatInstant } from '../core/time/index.ts';
import { clip, utcStamp } from './text-table.ts';

export interface ReminderView {
  chatId: number;
  shortId: number;
  id: string;
  status: Reminder['status'];
  text: string;
  work: Reminder['work'];
  tz: string;
  /** The occurrence waited for (or the one that failed / was paused), UTC ISO. */
  dueAt: string;
  /** The same instant as the chat reads it, in the reminder's zone: "Wed 25 Nov 08:30". */
  dueAtLocal: string;
  schedule: Reminder['schedule'];
  description: string;
  attempts: number;
  firedCount: number;
  lastError: string | null;
  failureReason: string | null;
  updatedAt: string;
  /** Set when the person paused it ("pause #3"); absent for the automatic pause and for active rows. */
  pausedByUserAt?: string;
}

export function reminderView(reminder: Reminder, now: Date): ReminderView {
  const dueAt = new Date(reminder.dueAt);
  return {
    chatId: reminder.chatId,
    shortId: reminder.shortId,
    id: reminder.id,
    status: reminder.status,
    text: reminder.text,
    work: reminder.work,
    tz: reminder.tz,
    dueAt: reminder.dueAt,
    dueAtLocal: formatInstant(dueAt, reminder.tz, now),
    schedule: reminder.schedule,
    description: describeSchedule(reminder.schedule, dueAt, reminder.schedule.kind === 'recurring' ? reminder.schedule.tz : reminder.tz, now),
    attempts: reminder.attempts,
    firedCount: reminder.firedCount,
    lastError: reminder.lastError ?? null,
    failureReason: reminder.failureReason ?? null,
    updatedAt: reminder.updatedAt,
    ...(reminder.userPausedAt ? { pausedByUserAt: reminder.userPausedAt } : {}),
  };
}

export const REMINDER_COLUMNS = ['#', 'STATUS', 'NEXT DUE (LOCAL)', 'NEXT DUE (UTC)', 'SCHEDULE', 'ATTEMPTS', 'LAST ERROR / REASON', 'TEXT'] as const;

export function reminderCells(view: ReminderView): string[] {
  return [
    `#${view.shortId}`,
    view.pausedByUserAt ? 'paused (by user)' : view.status,
    `${view.dueAtLocal} ${view.tz}`,
    utcStamp(view.dueAt),
    view.description,
    String(view.attempts),
    clip(view.failureReason ?? view.lastError ?? '', 50),
    clip(view.text, 40),
  ];
}
