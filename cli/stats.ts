import { readStats, type TableStats } from '../core/admin/index.ts';
import { formatLateness } from '../core/time/index.ts';
import { noPositionals } from './admin-args.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { readsText } from './reads-text.ts';
import { utcStamp } from './text-table.ts';

const USAGE = `Usage: nudge stats [--json]

The table's health in one screen, read from the sparse index partitions only (never a scan):
  pending per due shard; due in the next minute / hour / day; claimed now (leases held), the lease
  ending first and expired leases; overdue and the oldest overdue; failed reminders; paused reminders
  and chats; chats (a counter kept with the first reminder of each chat); deliveries in the last hour
  and day (the delivery log's SENT#<day> keys); and the last sweep (when, how long, delivered, lag
  p50/p95), which the sweeper writes after each run.

Cost: every waiting row's index entry (grows with pending reminders, not with the table), a COUNT of the
FAILED partition and of the last day's deliveries, the PAUSED entries, and two items. The reads are printed.

${TARGET_HELP}

--json prints {"target", "now", "pendingPerShard", "pending", "dueWithin": {"minute","hour","day"},
"claimed": {"count","oldestLeaseEndsAt","expired"}, "overdue": {"count","oldestDueAt","oldestLateMs"},
"failed", "paused": {"reminders","chats"}, "chats", "deliveries": {"lastHour","lastDay"},
"lastSweep": {"startedAt","finishedAt","durationMs","stoppedBy","dueFound","delivered","retried","failed",
"lagP50Ms","lagP95Ms"} | null, "reads": {"items","requests"}}.

Example:
  nudge stats`;

/** `nudge stats`: everything an admin checks first, at a cost that does not grow with the table. */
export function statsCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'stats',
      usage: USAGE,
      parse(_values, positionals) {
        noPositionals(positionals);
        return {};
      },
      run: (_input, session) => showStats(session),
    },
    args,
    io,
  );
}

async function showStats(session: AdminSession): Promise<number> {
  const stats = await readStats(session.open.admin, { now: session.now, dueShards: session.open.dueShards });
  session.print({ target: targetSummary(session.open.target), ...stats }, () => statsText(stats, session.open.target.tableName));
  return 0;
}

/** The stats as lines of text (also what the local admin page shows). */
export function statsText(stats: TableStats, tableName: string): string {
  const when = (iso: string | null) => (iso === null ? '-' : utcStamp(iso));
  const sweep = stats.lastSweep;
  const ms = (value: number | null) => (value === null ? '-' : `${value} ms`);
  const lines = [
    `Table ${tableName} at ${utcStamp(stats.now)}`,
    '',
    `Pending:     ${stats.pending} (per shard: ${stats.pendingPerShard.join(' ')})`,
    `Due within:  1 min ${stats.dueWithin.minute}, 1 h ${stats.dueWithin.hour}, 1 day ${stats.dueWithin.day}`,
    `Claimed:     ${stats.claimed.count} lease${stats.claimed.count === 1 ? '' : 's'} held${stats.claimed.count ? `, first ends ${when(stats.claimed.oldestLeaseEndsAt)}` : ''}${stats.claimed.expired ? `, ${stats.claimed.expired} expired (sweeper died; due again)` : ''}`,
    `Overdue:     ${stats.overdue.count}${stats.overdue.oldestDueAt ? `, oldest due ${when(stats.overdue.oldestDueAt)} (${formatLateness(stats.overdue.oldestLateMs ?? 0)} ago)` : ''}`,
    `Failed:      ${stats.failed}`,
    `Paused:      ${stats.paused.reminders} reminder${stats.paused.reminders === 1 ? '' : 's'} in ${stats.paused.chats} chat${stats.paused.chats === 1 ? '' : 's'}`,
    `Chats:       ${stats.chats ?? '- (no counter yet: it starts with the first new chat)'}`,
    `Deliveries:  last hour ${stats.deliveries.lastHour}, last day ${stats.deliveries.lastDay}`,
    sweep
      ? `Last sweep:  ${when(sweep.startedAt)}, took ${sweep.durationMs} ms, found ${sweep.dueFound}, delivered ${sweep.delivered}, retried ${sweep.retried}, failed ${sweep.failed}, lag p50 ${ms(sweep.lagP50Ms)} / p95 ${ms(sweep.lagP95Ms)}`
      : 'Last sweep:  none recorded yet',
    '',
    readsText(stats.reads),
  ];
  return lines.join('\n');
}
