import { listStopped } from '../core/admin/index.ts';
import { noPositionals, parseLimit } from './admin-args.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { readsText } from './reads-text.ts';
import { reminderView } from './reminder-view.ts';
import { clip, renderTextTable, utcStamp } from './text-table.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1_000;

const USAGE = `Usage: nudge failed [--limit <n>] [--json]

Lists failed and paused reminders across the table, most recently stopped first, with their chat, the
reason and when they stopped.
  failed: out of the due index for good; the reason is its failureReason.
  paused: its chat could not be reached (bot blocked, chat gone); the reason is the chat's blockedReason.
  --limit <n>   how many to show (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}); the totals count them all

Cost: no scan. Failed and paused rows carry their own sparse keys (FAILED / PAUSED partitions of the due
index), so this reads those partitions' newest entries, two COUNTs, and the rows and chat settings shown.
Rows that stopped before this version carry no such key: \`nudge reminders --chat <id>\` still shows them.

${TARGET_HELP}

--json prints {"target", "total": {"failed","paused"}, "count", "more", "reminders": [{…reminder fields…,
"reason", "since"}], "reads": {"items","requests"}} where "since" is when the row stopped (UTC ISO).

Example:
  nudge failed --table Nudge-Table-1A2B3C   (on AWS, with the deployed table's name)`;

/** `nudge failed`: what stopped being delivered, across all chats. */
export function failedCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'failed',
      usage: USAGE,
      options: { limit: { type: 'string' } },
      parse(values, positionals) {
        noPositionals(positionals);
        return { limit: parseLimit(values.limit, DEFAULT_LIMIT, MAX_LIMIT) };
      },
      run: listFailed,
    },
    args,
    io,
  );
}

async function listFailed({ limit }: { limit: number }, session: AdminSession): Promise<number> {
  const result = await listStopped(session.open.admin, { limit });
  const views = result.reminders.map((s) => ({ ...reminderView(s.reminder, session.now), reason: s.reason, since: s.since }));
  const { failed, paused } = result.total;
  session.print(
    { target: targetSummary(session.open.target), total: result.total, count: views.length, more: result.more, reminders: views, reads: result.reads },
    () => {
      if (views.length === 0) return `No failed or paused reminders in table ${session.open.target.tableName}. ${readsText(result.reads)}`;
      const head = `${failed} failed and ${paused} paused reminder${failed + paused === 1 ? '' : 's'}${result.more ? `, newest ${views.length} shown` : ''}. ${readsText(result.reads)}`;
      const rows = views.map((v) => [String(v.chatId), `#${v.shortId}`, v.status, utcStamp(v.since), clip(v.reason, 60), v.id, clip(v.text, 40)]);
      return `${head}\n\n${renderTextTable(['CHAT', '#', 'STATUS', 'SINCE (UTC)', 'REASON', 'ID', 'TEXT'], rows)}`;
    },
  );
  return 0;
}
