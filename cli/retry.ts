import { parseShortId, requireChatId } from './admin-args.ts';
import { AdminLookupError, UsageError } from './admin-errors.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { utcStamp } from './text-table.ts';
import { allReminders } from './reminders.ts';
import { ReminderNotFoundError } from '../core/store/index.ts';

/** Far enough ahead that the store accepts it as future, soon enough that the next sweep takes it. */
const RETRY_DELAY_MS = 5_000;

const USAGE = `Usage: nudge retry --chat <id> <#shortId> [--json]
       nudge retry --all-failed --chat <id> [--json]

Puts a failed or paused reminder back into the due index.
  failed   snoozed to now + 5 s (the store's snoozeReminder): status pending, attempts 0, the failure
           reason cleared. A recurring reminder fires this occurrence, then carries on with its schedule.
  paused   the whole chat is resumed (the store's resumeChat): a pause means the chat could not be reached,
           so the chat's blocked flag is cleared and every paused reminder of the chat comes back, due now
           if its time has passed. Retry a paused one only once the bot can reach the chat again.
Pending and sending reminders are already waiting; retry leaves them alone and exits 1.
  --all-failed  every failed reminder of the chat, each snoozed to now + 5 s as above (paused ones: retry one
                of them, which resumes the chat)
  --chat <id>   the Telegram chat id (for a group: --chat=-1001234567890)
  <#shortId>    the reminder's short id in that chat: 3 or '#3' (quote it: an unquoted # starts a shell comment)

${TARGET_HELP}

--json prints {"target", "chatId", "shortId", "id", "previousStatus", "action": "snoozed" | "resumed-chat",
"resumed", "status", "dueAt"}.

Example:
  nudge retry --chat 42 '#3'`;

type RetryInput = { chatId: number; shortId: number } | { chatId: number; allFailed: true };

/** `nudge retry`: an admin's second chance for a reminder that stopped. */
export function retryCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'retry',
      usage: USAGE,
      options: { chat: { type: 'string' }, 'all-failed': { type: 'boolean' } },
      parse(values, positionals): RetryInput {
        const chatId = requireChatId(values);
        if (values['all-failed'] === true) {
          if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (--all-failed takes no short id).`);
          return { chatId, allFailed: true };
        }
        if (positionals.length === 0) {
          throw new UsageError("missing the reminder's short id: nudge retry --chat <id> 3 (or '#3', quoted: an unquoted # starts a shell comment).");
        }
        if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" (retry takes one short id).`);
        return { chatId, shortId: parseShortId(positionals[0] ?? '') };
      },
      run: (input, session) => ('allFailed' in input ? retryAllFailed(input.chatId, session) : retryReminder(input, session)),
    },
    args,
    io,
  );
}

async function retryReminder({ chatId, shortId }: { chatId: number; shortId: number }, session: AdminSession): Promise<number> {
  const { store, target } = session.open;
  const reminder = await store.getReminderByShortId(chatId, shortId);
  if (!reminder) throw new AdminLookupError(`chat ${chatId} has no reminder #${shortId} in table ${target.tableName}.`);
  if (reminder.status === 'pending' || reminder.status === 'sending') {
    throw new AdminLookupError(`reminder #${shortId} of chat ${chatId} is ${reminder.status}, already in the due index (fires ${utcStamp(reminder.dueSk?.slice(0, 24) ?? reminder.dueAt)}); nothing to retry.`);
  }
  let action: 'snoozed' | 'resumed-chat' = 'snoozed';
  let resumed = 1;
  if (reminder.status === 'paused') {
    resumed = await store.resumeChat(chatId, session.now);
    action = 'resumed-chat';
  }
  // A failed row, or a paused one resumeChat could not reach (its chat has no settings item): snooze just this row.
  if (reminder.status === 'failed' || resumed === 0) {
    await store.snoozeReminder(chatId, reminder.id, new Date(session.now.getTime() + RETRY_DELAY_MS), session.now);
    action = 'snoozed';
    resumed = 1;
  }
  const after = await store.getReminder(chatId, reminder.id);
  session.print(
    {
      target: targetSummary(target),
      chatId,
      shortId,
      id: reminder.id,
      previousStatus: reminder.status,
      action,
      resumed,
      status: after?.status ?? null,
      dueAt: after?.dueAt ?? null,
    },
    () =>
      action === 'snoozed'
        ? `Reminder #${shortId} of chat ${chatId} ${reminder.status === 'failed' ? 'had failed' : 'was paused'}; it is ${after?.status ?? 'gone'} again, due ${after ? utcStamp(after.dueAt) : '-'}.`
        : `Reminder #${shortId} of chat ${chatId} was paused; resumed the chat: ${resumed} paused reminder${resumed === 1 ? '' : 's'} back in the due index and the blocked flag cleared.`,
  );
  return 0;
}

/** Every failed reminder of one chat back in the due index, through the same snooze as a single retry. */
async function retryAllFailed(chatId: number, session: AdminSession): Promise<number> {
  const { store, target } = session.open;
  const failed = (await allReminders(session, chatId)).filter((r) => r.status === 'failed');
  const dueAt = new Date(session.now.getTime() + RETRY_DELAY_MS);
  const retried: Array<{ shortId: number; id: string; status: string; dueAt: string }> = [];
  for (const reminder of failed) {
    try {
      const after = await store.snoozeReminder(chatId, reminder.id, dueAt, session.now);
      retried.push({ shortId: after.shortId, id: after.id, status: after.status, dueAt: after.dueAt });
    } catch (error) {
      // Cancelled between the list and the snooze: nothing left to retry.
      if (!(error instanceof ReminderNotFoundError)) throw error;
    }
  }
  session.print({ target: targetSummary(target), chatId, action: 'snoozed', count: retried.length, retried }, () =>
    retried.length === 0
      ? `Chat ${chatId} has no failed reminders in table ${target.tableName}; nothing to retry.`
      : `Retried ${retried.length} failed reminder${retried.length === 1 ? '' : 's'} of chat ${chatId} (${retried.map((r) => `#${r.shortId}`).join(', ')}): pending again, due ${utcStamp(dueAt)}.`,
  );
  return 0;
}
