import { findReminder, type ReminderRef } from '../core/admin/index.ts';
import type { Reminder } from '../core/store/index.ts';
import { AdminLookupError } from './admin-errors.ts';
import type { AdminSession } from './admin-run.ts';

/** The reminder `ref` names, or AdminLookupError saying where it was looked for. */
export async function requireReminder(session: AdminSession, ref: ReminderRef): Promise<Reminder> {
  const found = await findReminder(session.open.admin, ref, session.open.dueShards);
  if (found) return found;
  const table = session.open.target.tableName;
  if ('shortId' in ref) throw new AdminLookupError(`chat ${ref.chatId} has no reminder #${ref.shortId} in table ${table}.`);
  if (ref.chatId !== undefined) throw new AdminLookupError(`chat ${ref.chatId} has no reminder ${ref.id} in table ${table}.`);
  throw new AdminLookupError(`no reminder ${ref.id} is waiting, failed or paused in table ${table} (a delivered one-time reminder is no longer a reminder: \`nudge history\` lists it among the deliveries).`);
}

/** "#3 of chat 42" */
export function named(reminder: Reminder): string {
  return `#${reminder.shortId} of chat ${reminder.chatId}`;
}
