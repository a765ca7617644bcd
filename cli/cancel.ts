import { ReminderNotFoundError } from '../core/store/index.ts';
import type { ReminderRef } from '../core/admin/index.ts';
import { parseSoleReminderRef } from './admin-args.ts';
import { AdminLookupError } from './admin-errors.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { named, requireReminder } from './find.ts';
import { reminderView } from './reminder-view.ts';

const USAGE = `Usage: nudge cancel <ULID> | --chat <id> <#shortId> [--json]

Deletes a reminder through the store's conditional delete, the same one the bot's /cancel uses. A
sweeper sending it at that moment cannot bring it back: its completion finds the row gone and stops
(the message it was sending may still arrive, once).
  <ULID> | --chat <id> '#3'   which reminder (see nudge show --help)

${TARGET_HELP}

--json prints {"target", "cancelled": {…reminder fields as it was…}}.

Example:
  nudge cancel --chat 42 '#3'`;

/** `nudge cancel`: an admin removes one reminder. */
export function cancelCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'cancel',
      usage: USAGE,
      options: { chat: { type: 'string' } },
      parse: (values, positionals) => parseSoleReminderRef(values, positionals, 'cancel'),
      run: cancel,
    },
    args,
    io,
  );
}

async function cancel(ref: ReminderRef, session: AdminSession): Promise<number> {
  const reminder = await requireReminder(session, ref);
  let cancelled;
  try {
    cancelled = await session.open.store.cancelReminder(reminder.chatId, reminder.id);
  } catch (error) {
    if (error instanceof ReminderNotFoundError) throw new AdminLookupError(`reminder ${named(reminder)} was delivered or removed meanwhile; nothing cancelled.`, { cause: error });
    throw error;
  }
  const view = reminderView(cancelled, session.now);
  session.print({ target: targetSummary(session.open.target), cancelled: view }, () => `Cancelled reminder ${named(cancelled)} (${view.status}, ${view.description}): ${view.text}`);
  return 0;
}
