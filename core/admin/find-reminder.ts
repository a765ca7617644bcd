// Finding one reminder for `nudge show / cancel / snooze`: by chat and short id, by chat and id, or by id alone.
import { dueShard, isLiveReminderRow, keys, ReminderItem } from '../../schema/index.ts';
import type { AdminTable } from './port.ts';

export type ReminderRef = { id: string; chatId?: number } | { chatId: number; shortId: number };

/**
 * The reminder `ref` points at, or undefined. A ULID without its chat is looked up where a live row can
 * be: its own due shard (shard = hash of the id), then the FAILED and PAUSED partitions. That reads those
 * partitions' index entries, not the table; a delivered one-time reminder is gone from all of them (its row
 * is a delivery-log entry under `SENT#<day>` until its TTL, read by `nudge history`).
 */
export async function findReminder(table: AdminTable, ref: ReminderRef, dueShards: number): Promise<ReminderItem | undefined> {
  if ('shortId' in ref) {
    const rows = await table.queryPartition(keys.chatPk(ref.chatId), { from: keys.reminderSkPrefix, to: `${keys.reminderSkPrefix}\uffff` });
    return parseReminder(rows.find((row) => isLiveReminderRow(row) && row.shortId === ref.shortId));
  }
  if (ref.chatId !== undefined) return parseReminder(liveOnly(await table.getItem({ pk: keys.chatPk(ref.chatId), sk: keys.reminderSk(ref.id) })));
  const sk = keys.reminderSk(ref.id);
  for (const partition of [keys.duePk(dueShard(ref.id, dueShards)), keys.failedPk, keys.pausedPk]) {
    const entry = (await table.queryIndex(partition, {})).find((e) => e.sk === sk);
    if (entry) return parseReminder(liveOnly(await table.getItem({ pk: entry.pk, sk: entry.sk })));
  }
  return undefined;
}

/** A delivered one-time reminder's row is a delivery-log entry now (see `nudge history`), not a reminder. */
function liveOnly(item: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return item !== undefined && isLiveReminderRow(item) ? item : undefined;
}

function parseReminder(item: Record<string, unknown> | undefined): ReminderItem | undefined {
  if (item === undefined) return undefined;
  const parsed = ReminderItem.safeParse(item);
  if (!parsed.success) throw new CorruptReminderError(String(item.pk), String(item.sk));
  return parsed.data;
}

/** The row is there but does not match the schema (hand-edited, or written by an older version). */
export class CorruptReminderError extends Error {
  constructor(
    readonly pk: string,
    readonly sk: string,
    options?: { cause?: unknown },
  ) {
    super(`the item ${pk} / ${sk} is not a readable reminder (it does not match the schema)`, options);
    this.name = 'CorruptReminderError';
  }
}
