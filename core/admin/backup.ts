// Export and import of a table's lasting items as JSON lines, for backups and moves between regions.
import { ChatSettingsItem, DeliveryLogItem, dueShard, isWaitingToFire, keys, ReminderItem, VerifiedEmailItem } from '../../schema/index.ts';
import { z } from 'zod';
import type { AdminTable } from './port.ts';

/**
 * What a backup holds: reminders, chat settings, verified e-mail addresses (proving one again takes the
 * person a code round trip), the delivery log and the chat counter. Conversation turns and memory markers,
 * webhook dedupe markers, button outcomes, pending e-mail codes and counts, queued updates and kept
 * replies are short-lived and stay behind.
 */
const ChatCounterItem = z.object({ pk: z.literal('ADMIN'), sk: z.literal('CHATS'), type: z.literal('chat-counter'), chats: z.number().int().nonnegative() });
const SCHEMAS: Record<string, z.ZodType<Record<string, unknown>>> = {
  reminder: ReminderItem,
  settings: ChatSettingsItem,
  email: VerifiedEmailItem,
  sent: DeliveryLogItem,
  'chat-counter': ChatCounterItem,
};

export type BackupItem = Record<string, unknown> & { pk: string; sk: string; type: string };

function isBackedUp(item: Record<string, unknown>): item is BackupItem {
  return typeof item.type === 'string' && item.type in SCHEMAS && typeof item.pk === 'string' && typeof item.sk === 'string';
}

/** One chat's items (a query of its partition) or the whole table's (a scan: export is the one command that reads everything). Sorted by key. */
export async function exportItems(table: AdminTable, options: { chatId?: number }): Promise<BackupItem[]> {
  const out: BackupItem[] = [];
  if (options.chatId !== undefined) {
    out.push(...(await table.queryPartition(keys.chatPk(options.chatId), {})).filter(isBackedUp));
  } else {
    for await (const page of table.scanAll()) out.push(...page.filter(isBackedUp));
  }
  return out.sort((a, b) => (a.pk === b.pk ? compare(a.sk, b.sk) : compare(a.pk, b.pk)));
}

/** One line per item, keys first so a diff of two exports reads well. */
export function toJsonLines(items: readonly BackupItem[]): string {
  return items.map((item) => JSON.stringify(sortKeys(item))).join('\n') + (items.length ? '\n' : '');
}

/** A line that is not an item Nudge can take back, with its 1-based number. */
export class BackupLineError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`line ${line}: ${problem}`, options);
    this.name = 'BackupLineError';
  }
}

/** Every line checked against its item schema before anything is written: a bad file writes nothing. */
export function parseJsonLines(text: string): BackupItem[] {
  const items: BackupItem[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new BackupLineError(index + 1, 'not JSON');
    }
    const type = (raw as { type?: unknown } | null)?.type;
    const schema = typeof type === 'string' ? SCHEMAS[type] : undefined;
    if (!schema) throw new BackupLineError(index + 1, `not an exported item (type ${JSON.stringify(type ?? null)}; expected ${Object.keys(SCHEMAS).join(', ')})`);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues;
      const named = issues.slice(0, 3).map((i) => `${i.path.join('.') || '(item)'} ${i.message}`).join('; ');
      throw new BackupLineError(index + 1, `a ${type} item that does not match its schema: ${named}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`);
    }
    items.push(parsed.data as BackupItem);
  });
  return items;
}

/**
 * Writes each item unless its key is already there (idempotent: importing the same file twice changes
 * nothing). Waiting reminders are put in the target's own due shard, which may have a different count.
 */
export async function importItems(table: AdminTable, items: readonly BackupItem[], options: { dueShards: number }): Promise<{ imported: number; skipped: number }> {
  let imported = 0;
  let skipped = 0;
  for (const item of items) {
    const placed = item.type === 'reminder' ? placeReminder(item, options.dueShards) : item;
    if (await table.putIfAbsent(placed)) imported++;
    else skipped++;
  }
  return { imported, skipped };
}

/**
 * Waiting reminders go into the target's own due shard (its count may differ), and every reminder gets
 * its list position anew, so a backup written before the list index existed still shows up in /list.
 */
function placeReminder(item: BackupItem, dueShards: number): BackupItem {
  const id = String(item.id);
  const waiting = item.status === 'pending' || item.status === 'sending';
  const placed: BackupItem = { ...item, listSk: keys.listSk(waiting, String(item.dueAt), id) };
  if (isWaitingToFire(item as { duePk?: string })) placed.duePk = keys.duePk(dueShard(id, dueShards));
  return placed;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys(item: BackupItem): Record<string, unknown> {
  const { pk, sk, type, ...rest } = item;
  return { pk, sk, type, ...Object.fromEntries(Object.entries(rest).sort(([a], [b]) => compare(a, b))) };
}
