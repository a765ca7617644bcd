import { reminderDetails } from '../core/admin/index.ts';
import { formatLateness } from '../core/time/index.ts';
import { parseSoleReminderRef } from './admin-args.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { requireReminder } from './find.ts';
import { readsText } from './reads-text.ts';
import type { ReminderRef } from '../core/admin/index.ts';
import { reminderView } from './reminder-view.ts';
import { renderTextTable, utcStamp } from './text-table.ts';

const USAGE = `Usage: nudge show <ULID> | --chat <id> <#shortId> [--json]

One reminder in full: text, schedule in words and as RFC 5545 (DTSTART/RRULE), the next 5 occurrences
in its zone, status, attempts, last error or failure reason, its place in the due index, the lease a
sweeper holds on it, and its deliveries from the chat's log.
  <ULID>              the reminder id; with --chat it is one read, without it the id's due shard and
                      the FAILED and PAUSED partitions are searched (a delivered one-time reminder is gone)
  --chat <id> '#3'    the short id the chat sees

${TARGET_HELP}

--json prints {"target", "reminder": {…reminder fields…}, "rfc5545": {"dtstart","rrule"}, "next": [{"at","local"}],
"index": {"partition","at"}, "lease": {"token","claimedAt","endsAt"} | null,
"deliveries": [{"sentAt","lagMs","messageId"}], "reads": {"items","requests"}}.

Examples:
  nudge show 01JDQ3V6W8Z9K2M4N5P6R7S8T9
  nudge show --chat 42 '#3'`;

/** `nudge show`: one reminder, everything about it. */
export function showCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'show',
      usage: USAGE,
      options: { chat: { type: 'string' } },
      parse: (values, positionals) => parseSoleReminderRef(values, positionals, 'show'),
      run: showReminder,
    },
    args,
    io,
  );
}

async function showReminder(ref: ReminderRef, session: AdminSession): Promise<number> {
  const reminder = await requireReminder(session, ref);
  const details = await reminderDetails(session.open.admin, reminder, session.now);
  const view = reminderView(reminder, session.now);
  const reads = { ...session.open.admin.reads };
  session.print(
    { target: targetSummary(session.open.target), reminder: view, rfc5545: details.rfc5545, next: details.next, index: details.index, lease: details.lease, deliveries: details.deliveries, reads },
    () => {
      const lines = [
        `Reminder #${view.shortId} of chat ${view.chatId} (${view.id})`,
        '',
        `Text:       ${view.text}${view.work === 'action' ? '   (an action the agent carries out)' : ''}`,
        `Status:     ${view.pausedByUserAt ? `paused by the user since ${utcStamp(view.pausedByUserAt)} ("resume ${view.shortId}" in the chat restarts it)` : view.status}, attempts ${view.attempts}, delivered ${view.firedCount} time${view.firedCount === 1 ? '' : 's'}`,
        ...(view.failureReason ? [`Failed:     ${view.failureReason}`] : []),
        ...(view.lastError ? [`Last error: ${view.lastError}`] : []),
        `Schedule:   ${details.description}`,
        `RFC 5545:   ${details.rfc5545.dtstart}`,
        ...(details.rfc5545.rrule ? [`            ${details.rfc5545.rrule}`] : reminder.schedule.kind === 'recurring' ? [`            (cron ${reminder.schedule.cron}: no single RRULE says it)`] : []),
        `Zone:       ${details.zone}`,
        `Index:      ${details.index.partition ?? '(none)'}${details.index.at ? ` at ${utcStamp(details.index.at)}` : ''}`,
        `Lease:      ${details.lease ? `held (token ${details.lease.token}) since ${details.lease.claimedAt ? utcStamp(details.lease.claimedAt) : '?'}, ends ${details.lease.endsAt ? utcStamp(details.lease.endsAt) : '-'}` : 'none'}`,
        '',
        `Next ${details.next.length === 1 ? 'occurrence' : `${details.next.length} occurrences`} (${details.zone}):`,
        ...details.next.map((n) => `  ${n.local}   ${utcStamp(n.at)}`),
        '',
        details.deliveries.length === 0
          ? 'No deliveries in the log.'
          : `Deliveries (newest first):\n${renderTextTable(['SENT (UTC)', 'LATE', 'MESSAGE'], details.deliveries.map((d) => [utcStamp(d.sentAt), d.lagMs < 1_000 ? 'on time' : formatLateness(d.lagMs), d.messageId === null ? '-' : String(d.messageId)]))}`,
        '',
        readsText(reads),
      ];
      return lines.join('\n');
    },
  );
  return 0;
}
