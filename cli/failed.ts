import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ChatSettingsItem, ReminderItem } from '../schema/index.ts';
import type { Reminder } from '../core/store/index.ts';
import { noPositionals } from './admin-args.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { reminderView, type ReminderView } from './reminder-view.ts';
import { clip, renderTextTable, utcStamp } from './text-table.ts';

const USAGE = `Usage: nudge failed [--json]

Lists every failed and paused reminder in the table, most recently changed first, with its chat, the
reason and when it stopped.
  failed: out of the due index for good; the reason is its failureReason.
  paused: its chat could not be reached (bot blocked, chat gone); the reason is the chat's blockedReason.

Cost: this reads the WHOLE table (a Scan with a filter; DynamoDB bills every item scanned, not just the
matches). Fine for an admin now and then; not something to run in a loop on a large table.

${TARGET_HELP}

--json prints {"target", "scanned": {"items","pages"}, "count", "reminders": [{…reminder fields…,
"reason", "since"}]} where "since" is when the row last changed (UTC ISO).

Example:
  nudge failed --table Nudge-Table-1A2B3C   (on AWS, with the deployed table's name)`;

/** `nudge failed`: what stopped being delivered, across all chats. */
export function failedCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'failed',
      usage: USAGE,
      parse(_values, positionals) {
        noPositionals(positionals);
        return {};
      },
      run: (_input, session) => listStopped(session),
    },
    args,
    io,
  );
}

interface StoppedView extends ReminderView {
  reason: string;
  since: string;
}

async function listStopped(session: AdminSession): Promise<number> {
  const { reminders, blockedReasons, scanned } = await scanStopped(session);
  const views: StoppedView[] = reminders
    .map((r) => ({
      ...reminderView(r, session.now),
      reason: (r.status === 'failed' ? r.failureReason : blockedReasons.get(r.chatId) ?? r.lastError) ?? '(no reason recorded)',
      since: r.updatedAt,
    }))
    .sort((a, b) => (a.since < b.since ? 1 : a.since > b.since ? -1 : 0));
  session.print({ target: targetSummary(session.open.target), scanned, count: views.length, reminders: views }, () => {
    const summary = `${views.length} failed or paused reminder${views.length === 1 ? '' : 's'} (scanned ${scanned.items} items in ${scanned.pages} page${scanned.pages === 1 ? '' : 's'})`;
    if (views.length === 0) return `No failed or paused reminders in table ${session.open.target.tableName} (scanned ${scanned.items} items).`;
    const rows = views.map((v) => [String(v.chatId), `#${v.shortId}`, v.status, utcStamp(v.since), clip(v.reason, 60), clip(v.text, 40)]);
    return `${summary}\n\n${renderTextTable(['CHAT', '#', 'STATUS', 'SINCE (UTC)', 'REASON', 'TEXT'], rows)}`;
  });
  return 0;
}

/**
 * One Scan, every page: failed/paused reminder rows plus the settings of blocked chats (for the
 * paused rows' reason), so no second round of reads is needed.
 */
async function scanStopped(session: AdminSession): Promise<{ reminders: Reminder[]; blockedReasons: Map<number, string>; scanned: { items: number; pages: number } }> {
  const reminders: Reminder[] = [];
  const blockedReasons = new Map<number, string>();
  let items = 0;
  let pages = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await session.open.doc.send(
      new ScanCommand({
        TableName: session.open.target.tableName,
        FilterExpression: '(#type = :reminder AND #status IN (:failed, :paused)) OR (#type = :settings AND blocked = :true)',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        ExpressionAttributeValues: { ':reminder': 'reminder', ':failed': 'failed', ':paused': 'paused', ':settings': 'settings', ':true': true },
        ExclusiveStartKey: startKey,
      }),
    );
    pages++;
    items += page.ScannedCount ?? 0;
    for (const raw of page.Items ?? []) {
      if (raw.type === 'settings') {
        const settings = ChatSettingsItem.safeParse(raw);
        if (settings.success && settings.data.blockedReason) blockedReasons.set(settings.data.chatId, settings.data.blockedReason);
        continue;
      }
      const reminder = ReminderItem.safeParse(raw);
      if (reminder.success) reminders.push(reminder.data);
      else session.io.stderr(`warning: skipping corrupt item ${String(raw.pk)} / ${String(raw.sk)}`);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { reminders, blockedReasons, scanned: { items, pages } };
}
