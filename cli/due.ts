import type { DueRow } from '../core/store/index.ts';
import { formatLateness, parseDuration } from '../core/time/index.ts';
import { noPositionals } from './admin-args.ts';
import { UsageError } from './admin-errors.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { renderTextTable, utcStamp } from './text-table.ts';

const DEFAULT_WITHIN = '10m';
const MAX_WITHIN_MS = 30 * 86_400_000;

const USAGE = `Usage: nudge due [--within <duration>] [--json]

Shows what the due index says will fire from now until now + <duration>, overdue rows included:
exactly the query the sweeper runs (the store's findDue, every shard, every page), with how many
index items and pages it read.
  --within <duration>   how far ahead to look: 30s, 10m, 2h, 1d, 1h30m (default ${DEFAULT_WITHIN})

Each row is "due" (waiting for its time), "retry" (back-off after a failed attempt) or "lease"
(claimed by a sweeper; due again at the lease end if that sweeper died).

${TARGET_HELP}

--json prints {"target", "now", "windowEnd", "withinMs", "itemsRead", "pages", "count",
"rows": [{"chatId","id","status","kind","fireAt","dueAt","inMs"}]} (inMs < 0: overdue).

Example:
  nudge due --within 1h`;

/** `nudge due`: the sweeper's view of what is about to fire. */
export function dueCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'due',
      usage: USAGE,
      options: { within: { type: 'string' } },
      parse(values, positionals) {
        noPositionals(positionals);
        const raw = (values.within as string | undefined) ?? DEFAULT_WITHIN;
        const withinMs = parseDuration(raw);
        if (withinMs === undefined) throw new UsageError(`--within "${raw}" is not a duration (write 30s, 10m, 2h or 1d).`);
        if (withinMs > MAX_WITHIN_MS) throw new UsageError(`--within "${raw}" is more than 30 days; the due index is for what fires soon.`);
        return { withinMs };
      },
      run: listDue,
    },
    args,
    io,
  );
}

type DueKind = 'due' | 'retry' | 'lease';

function kindOf(row: DueRow): DueKind {
  if (row.status === 'sending') return 'lease';
  return row.fireAt === row.dueAt ? 'due' : 'retry';
}

async function listDue({ withinMs }: { withinMs: number }, session: AdminSession): Promise<number> {
  const windowEnd = new Date(session.now.getTime() + withinMs);
  const found = await session.open.store.findDue(windowEnd);
  const rows = found.rows.map((row) => ({
    chatId: row.chatId,
    id: row.id,
    status: row.status,
    kind: kindOf(row),
    fireAt: row.fireAt,
    dueAt: row.dueAt,
    inMs: Date.parse(row.fireAt) - session.now.getTime(),
  }));
  session.print(
    {
      target: targetSummary(session.open.target),
      now: session.now.toISOString(),
      windowEnd: windowEnd.toISOString(),
      withinMs,
      itemsRead: found.itemsRead,
      pages: found.pages,
      count: rows.length,
      rows,
    },
    () => {
      const head = `${rows.length} row${rows.length === 1 ? '' : 's'} due by ${utcStamp(windowEnd)} (read ${found.itemsRead} index item${found.itemsRead === 1 ? '' : 's'} in ${found.pages} page${found.pages === 1 ? '' : 's'})`;
      if (rows.length === 0) return head;
      const cells = rows.map((r) => [
        utcStamp(r.fireAt),
        r.inMs < 0 ? `${formatLateness(-r.inMs)} overdue` : `in ${formatLateness(r.inMs)}`,
        r.kind,
        r.status,
        String(r.chatId),
        r.id,
        utcStamp(r.dueAt),
      ]);
      return `${head}\n\n${renderTextTable(['FIRES AT (UTC)', 'WHEN', 'KIND', 'STATUS', 'CHAT', 'REMINDER ID', 'OCCURRENCE (UTC)'], cells)}`;
    },
  );
  return 0;
}
