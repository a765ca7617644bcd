import type { Reminder } from '../core/store/index.ts';
import { noPositionals, requireChatId } from './admin-args.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { REMINDER_COLUMNS, reminderCells, reminderView } from './reminder-view.ts';
import { renderTextTable } from './text-table.ts';

const USAGE = `Usage: nudge reminders --chat <id> [--json]

Lists a chat's reminders as the table holds them: active ones first, soonest first, then paused and
failed. For each: short id, status, next due in the reminder's zone and in UTC, the schedule in words,
delivery attempts, and the last error or failure reason.
  --chat <id>   the Telegram chat id (for a group: --chat=-1001234567890)

${TARGET_HELP}

--json prints {"target", "chatId", "count", "reminders": [{"chatId","shortId","id","status","text","work","tz",
"dueAt","dueAtLocal","schedule","description","attempts","firedCount","lastError","failureReason","updatedAt"}]}.

Example:
  nudge reminders --chat 42`;

/** `nudge reminders`: one chat's reminders, every page of them. */
export function remindersCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'reminders',
      usage: USAGE,
      options: { chat: { type: 'string' } },
      parse(values, positionals) {
        noPositionals(positionals);
        return { chatId: requireChatId(values) };
      },
      run: listChatReminders,
    },
    args,
    io,
  );
}

async function listChatReminders({ chatId }: { chatId: number }, session: AdminSession): Promise<number> {
  const reminders = await allReminders(session, chatId);
  const views = reminders.map((r) => reminderView(r, session.now));
  session.print({ target: targetSummary(session.open.target), chatId, count: views.length, reminders: views }, () =>
    views.length === 0
      ? `Chat ${chatId} has no reminders in table ${session.open.target.tableName}.`
      : `Chat ${chatId}: ${views.length} reminder${views.length === 1 ? '' : 's'}\n\n${renderTextTable(REMINDER_COLUMNS, views.map(reminderCells))}`,
  );
  return 0;
}

/** Every page of the store's list, in its order (active first, soonest first). */
export async function allReminders(session: AdminSession, chatId: number): Promise<Reminder[]> {
  const out: Reminder[] = [];
  let cursor: string | undefined;
  do {
    const page = await session.open.store.listReminders(chatId, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}
