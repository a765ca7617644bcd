import type { ReminderWork, Schedule } from '../../schema/index.ts';

/** A reminder Nudge was unsure how to read, kept until the person saves, changes or cancels it. */
export interface DraftInput {
  chatId: number;
  text: string;
  work: ReminderWork;
  schedule: Schedule;
  /** Zone the reminder was written in. */
  tz: string;
  /** First occurrence, UTC. */
  dueAt: Date;
}

export type Draft = DraftInput & { id: string };
