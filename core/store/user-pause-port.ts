import type { Reminder } from './port.ts';

/**
 * What a user pause did. `already` and `not-pausable` change nothing: `not-pausable` is a failed row
 * (it will not fire anyway) or one being delivered right now (pausing it would race the sweeper).
 */
export type UserPauseResult =
  | { kind: 'paused'; reminder: Reminder }
  | { kind: 'already'; reminder: Reminder }
  | { kind: 'not-pausable'; reminder: Reminder };

/**
 * The person's own pause ("pause #3" / "resume #3"), separate from the automatic pause of a chat that
 * cannot be reached: a user-paused row stays paused when the chat's pause is lifted.
 */
export interface UserPauseStore {
  /** Takes the reminder out of the due index and marks it user-paused; ReminderNotFoundError when it is not in this chat. */
  pauseByUser(chatId: number, id: string, now: Date): Promise<UserPauseResult>;
  /**
   * Clears the user pause and puts the row back in the due index at `dueAt` (which may be `now`: "send it now").
   * While the chat itself is paused (bot blocked) the row stays out of the index under the chat's pause.
   * `undefined` when the row was not user-paused (nothing written); ReminderNotFoundError when it is gone.
   */
  resumeByUser(chatId: number, id: string, dueAt: Date, now: Date): Promise<Reminder | undefined>;
}
