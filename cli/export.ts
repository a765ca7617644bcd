import { writeFile } from 'node:fs/promises';
import { exportItems, toJsonLines, type BackupItem } from '../core/admin/index.ts';
import { noPositionals, requireChatId } from './admin-args.ts';
import { AdminLookupError, UsageError } from './admin-errors.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { remindersAsIcs } from './export-ics.ts';

const FORMATS = ['jsonl', 'ics'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: nudge export [--chat <id>] [--format jsonl|ics] [--out <file>] [--json]

Writes the table's lasting items for backup, analysis or a move to another region: reminders, chat
settings, verified e-mail addresses, the delivery log and the chat counter (conversation turns, dedupe
markers, pending e-mail codes and queued replies are short-lived and stay behind). \`nudge import\` reads the JSONL back.
  --chat <id>      one chat (a query of its partition); without it the whole table is read (a Scan:
                   export is the one admin command whose cost grows with the table)
  --format jsonl   one item per line, exactly as stored, sorted by key (default)
  --format ics     an iCalendar file with one event per one-time reminder (recurring ones: not yet)
  --out <file>     write there and print a summary; without it the data goes to stdout

${TARGET_HELP}

With --out, --json prints {"target", "file", "format", "items", "counts": {"reminder","settings","sent","chat-counter"}}.

Examples:
  nudge export > nudge-backup.jsonl
  nudge export --chat 42 --format ics --out chat-42.ics`;

/** `nudge export`: the table (or one chat) as JSON lines or iCalendar. */
export function exportCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'export',
      usage: USAGE,
      options: { chat: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
      parse(values, positionals) {
        noPositionals(positionals);
        const format = String(values.format ?? 'jsonl') as Format;
        if (!FORMATS.includes(format)) throw new UsageError(`--format "${String(values.format)}" is not jsonl or ics.`);
        if (values.out !== undefined && String(values.out).trim() === '') throw new UsageError('--out needs a file name.');
        return { ...(values.chat === undefined ? {} : { chatId: requireChatId(values) }), format, ...(values.out === undefined ? {} : { out: String(values.out) }) };
      },
      run: runExport,
    },
    args,
    io,
  );
}

async function runExport(input: { chatId?: number; format: Format; out?: string }, session: AdminSession): Promise<number> {
  const items = await exportItems(session.open.admin, input.chatId === undefined ? {} : { chatId: input.chatId });
  const body = input.format === 'ics' ? remindersAsIcs(items, session.now) : toJsonLines(items);
  if (input.out === undefined) {
    session.io.stdout(body.replace(/\r?\n$/, ''));
    return 0;
  }
  try {
    await writeFile(input.out, body);
  } catch (error) {
    throw new AdminLookupError(`cannot write ${input.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { cause: error });
  }
  const counts = countByType(items);
  session.print({ target: targetSummary(session.open.target), file: input.out, format: input.format, items: items.length, counts }, () =>
    `Exported ${items.length} item${items.length === 1 ? '' : 's'} (${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}) to ${input.out} as ${input.format}.`,
  );
  return 0;
}

export function countByType(items: readonly BackupItem[]): Record<string, number> {
  const counts: Record<string, number> = { reminder: 0, settings: 0, sent: 0, 'chat-counter': 0 };
  for (const item of items) counts[item.type] = (counts[item.type] ?? 0) + 1;
  return counts;
}
