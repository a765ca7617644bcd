import { InvalidReminderInputError, ReminderNotFoundError } from '../core/store/index.ts';
import type { ReminderRef } from '../core/admin/index.ts';
import { parseReminderRef, parseSpan } from './admin-args.ts';
import { AdminLookupError, UsageError } from './admin-errors.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { named, requireReminder } from './find.ts';
import { reminderView } from './reminder-view.ts';
import { utcStamp } from './text-table.ts';

const MAX_SNOOZE_MS = 366 * 86_400_000;

const USAGE = `Usage: nudge snooze <ULID> <duration> | --chat <id> <#shortId> <duration> [--json]

Postpones a reminder by <duration> from its due time (or from now, if that has passed), like the bot's
/snooze: through the store's conditional reschedule, so a sweeper holding the row loses its claim and
cannot complete it; the reminder fires at the new time, once. A failed or paused reminder is revived.
  <duration>   10m, 1h, 2d, 1h30m (at most a year)

${TARGET_HELP}

--json prints {"target", "previousDueAt", "snoozed": {…reminder fields…}}.

Example:
  nudge snooze --chat 42 '#3' 1h`;

/** `nudge snooze`: an admin moves one reminder later. */
export function snoozeCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'snooze',
      usage: USAGE,
      options: { chat: { type: 'string' } },
      parse(values, positionals) {
        const ref = parseReminderRef(values, positionals, 'snooze');
        if (positionals.length < 2) throw new UsageError('missing how long to snooze: add a duration such as 10m, 1h or 2d.');
        if (positionals.length > 2) throw new UsageError(`unexpected argument "${positionals[2]}" (snooze takes a reminder and one duration).`);
        return { ref, byMs: parseSpan(positionals[1] ?? '', 'duration', MAX_SNOOZE_MS, 'a year') };
      },
      run: snooze,
    },
    args,
    io,
  );
}

async function snooze({ ref, byMs }: { ref: ReminderRef; byMs: number }, session: AdminSession): Promise<number> {
  const reminder = await requireReminder(session, ref);
  const from = Math.max(Date.parse(reminder.dueAt), session.now.getTime());
  let snoozed;
  try {
    snoozed = await session.open.store.snoozeReminder(reminder.chatId, reminder.id, new Date(from + byMs), session.now);
  } catch (error) {
    if (error instanceof ReminderNotFoundError) throw new AdminLookupError(`reminder ${named(reminder)} was delivered or removed meanwhile; nothing snoozed.`, { cause: error });
    if (error instanceof InvalidReminderInputError) throw new AdminLookupError(`cannot snooze ${named(reminder)}: ${error.message}.`, { cause: error });
    throw error;
  }
  const view = reminderView(snoozed, session.now);
  session.print(
    { target: targetSummary(session.open.target), previousDueAt: reminder.dueAt, snoozed: view },
    () => `Snoozed reminder ${named(snoozed)} from ${utcStamp(reminder.dueAt)} to ${view.dueAtLocal} ${view.tz} (${utcStamp(view.dueAt)}): ${view.text}`,
  );
  return 0;
}
