import { readFile } from 'node:fs/promises';
import { BackupLineError, importItems, parseJsonLines } from '../core/admin/index.ts';
import { guardDueShards } from '../adapters/dynamodb/index.ts';
import { AdminLookupError, UsageError } from './admin-errors.ts';
import { processIo, runAdminCommand, TARGET_HELP, targetSummary, type AdminIo, type AdminSession } from './admin-run.ts';
import { countByType } from './export.ts';

const USAGE = `Usage: nudge import <file.jsonl> [--json]

Writes the items of a \`nudge export\` JSONL file into the table. Idempotent by key (reminder id, chat):
an item already there is skipped, so importing twice changes nothing and a live row is never overwritten.
Every line is checked against its schema first; a file with a bad line writes nothing. Waiting reminders
go to this table's own due shard (the count it records, else $NUDGE_DUE_SHARDS, which is then recorded), so the sweeper there finds them.
  <file.jsonl>   the export (\`-\` reads stdin)

${TARGET_HELP}

--json prints {"target", "file", "items", "counts": {…by type…}, "imported", "skipped"}.

Example:
  nudge import nudge-backup.jsonl --table Nudge-Table-9Z8Y7X`;

/** `nudge import`: a JSONL export back into a table. */
export function importCommand(args: string[], io: AdminIo = processIo()): Promise<number> {
  return runAdminCommand(
    {
      name: 'import',
      usage: USAGE,
      parse(_values, positionals) {
        if (positionals.length === 0) throw new UsageError('missing the file to import: nudge import <file.jsonl> (or - for stdin).');
        if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" (import takes one file).`);
        return { file: positionals[0] ?? '' };
      },
      run: runImport,
    },
    args,
    io,
  );
}

async function runImport({ file }: { file: string }, session: AdminSession): Promise<number> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new AdminLookupError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { cause: error });
  }
  let items;
  try {
    items = parseJsonLines(text);
  } catch (error) {
    if (error instanceof BackupLineError) throw new AdminLookupError(`${file} ${error.message}; nothing was imported.`, { cause: error });
    throw error;
  }
  // Rows go into this many shards: recorded on the table, so no runtime starts on it with fewer and misses them.
  await guardDueShards(session.open.doc, session.open.target.tableName, session.open.dueShards, session.now);
  const { imported, skipped } = await importItems(session.open.admin, items, { dueShards: session.open.dueShards });
  const counts = countByType(items);
  session.print({ target: targetSummary(session.open.target), file, items: items.length, counts, imported, skipped }, () =>
    `Imported ${imported} of ${items.length} item${items.length === 1 ? '' : 's'} from ${file} into ${session.open.target.tableName}; ${skipped} already there, left as they are.`,
  );
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
