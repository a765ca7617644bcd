import { readHistory } from '../core/admin/index.ts';
import { formatLateness } from '../core/time/index.ts';
import { noPositionals, parseLimit, parseSpan, requireChatId } from './admin-args.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { readsText } from './reads-text.ts';
import { clip, renderTextTable, utcStamp } from './text-table.ts';

const DEFAULT_SINCE = '1d';
const MAX_SINCE_MS = 31 * 86_400_000;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1_000;

const USAGE = `Usage: nudge history [--chat <id>] [--since <duration>] [--limit <n>] [--json]

The delivery log, newest first: when each reminder was sent, how late, to which chat, and the outcome
(a Telegram message and its id, or an action handed to the agent). Kept 30 days.
  --chat <id>          one chat (reads that chat's log items only)
  --since <duration>   how far back: 30m, 1h, 7d (default ${DEFAULT_SINCE}, at most 31 days)
  --limit <n>          how many (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})

Cost: no scan. One chat: a key-range query of its partition. Across chats: each log item also carries a
time key (SENT#<UTC day> / <sentAt>#<id>) in the due index, so this reads the index entries of the days
since --since, newest first, then the log items shown.

${TARGET_HELP}

--json prints {"target", "chatId" | null, "since", "count", "more", "deliveries": [{"sentAt","lagMs","chatId",
"reminderId","shortId","text","work","outcome","messageId"}], "reads": {"items","requests"}}.

Examples:
  nudge history --since 1h
  nudge history --chat 42 --since 7d`;

/** `nudge history`: what was delivered, for one chat or all. */
export function historyCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'history',
      usage: USAGE,
      options: { chat: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } },
      parse(values, positionals) {
        noPositionals(positionals);
        return {
          ...(values.chat === undefined ? {} : { chatId: requireChatId(values) }),
          sinceMs: parseSpan(String(values.since ?? DEFAULT_SINCE), '--since', MAX_SINCE_MS, '31 days (the log keeps 30)'),
          limit: parseLimit(values.limit, DEFAULT_LIMIT, MAX_LIMIT),
        };
      },
      run: showHistory,
    },
    args,
    io,
  );
}

async function showHistory(input: { chatId?: number; sinceMs: number; limit: number }, session: AdminSession): Promise<number> {
  const since = new Date(session.now.getTime() - input.sinceMs);
  const result = await readHistory(session.open.admin, { ...(input.chatId === undefined ? {} : { chatId: input.chatId }), since, now: session.now, limit: input.limit });
  const rows = result.deliveries;
  session.print(
    { target: targetSummary(session.open.target), chatId: input.chatId ?? null, since: since.toISOString(), count: rows.length, more: result.more, deliveries: rows, reads: result.reads },
    () => {
      const scope = input.chatId === undefined ? 'across chats' : `in chat ${input.chatId}`;
      const head = `${rows.length}${result.more ? '+' : ''} deliver${rows.length === 1 ? 'y' : 'ies'} ${scope} since ${utcStamp(since)}. ${readsText(result.reads)}`;
      if (rows.length === 0) return head;
      const cells = rows.map((d) => [
        utcStamp(d.sentAt),
        d.lagMs < 1_000 ? 'on time' : `${formatLateness(d.lagMs)} late`,
        String(d.chatId),
        d.shortId === null ? '-' : `#${d.shortId}`,
        d.outcome === 'action-accepted' ? 'action accepted' : d.messageId === null ? 'sent' : `sent (message ${d.messageId})`,
        clip(d.text ?? '', 40),
      ]);
      return `${head}\n\n${renderTextTable(['SENT (UTC)', 'LAG', 'CHAT', '#', 'OUTCOME', 'TEXT'], cells)}`;
    },
  );
  return 0;
}
