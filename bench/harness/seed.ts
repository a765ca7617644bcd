import { dueShard, keys, ReminderItem } from '../../schema/index.ts';

/**
 * A pending one-time reminder row, written straight to the table: bulk set-ups through createReminder
 * (two writes each, one conditional) would take longer than the scenarios themselves. The text carries
 * a marker so the stand-in can tell which reminder each message was, and whether it came twice.
 */
export function pendingReminderRow(options: { chatId: number; id: string; dueAt: Date; text: string; shortId: number; createdAt: Date; shards?: number }): ReminderItem {
  const dueIso = options.dueAt.toISOString();
  return ReminderItem.parse({
    pk: keys.chatPk(options.chatId),
    sk: keys.reminderSk(options.id),
    type: 'reminder',
    id: options.id,
    chatId: options.chatId,
    shortId: options.shortId,
    text: options.text,
    work: 'message',
    schedule: { kind: 'once' },
    tz: 'UTC',
    dueAt: dueIso,
    status: 'pending',
    attempts: 0,
    firedCount: 0,
    createdAt: options.createdAt.toISOString(),
    updatedAt: options.createdAt.toISOString(),
    duePk: keys.duePk(dueShard(options.id, options.shards)),
    dueSk: keys.dueSk(dueIso, options.id),
  });
}

/** Fixed-width ids that sort like ULIDs and pass the store's id check. */
export function benchId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(12, '0')}`;
}

/** `count` rows over `chats` chats (round robin from `firstChat`), text `<marker>-<i>-end`. */
export function reminderRows(options: { count: number; chats: number; firstChat: number; marker: string; dueAt: (i: number) => Date; createdAt: Date }): ReminderItem[] {
  return Array.from({ length: options.count }, (_, i) =>
    pendingReminderRow({
      chatId: options.firstChat + (i % options.chats),
      id: benchId(options.marker.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 8) || 'BENCH', i),
      dueAt: options.dueAt(i),
      text: `${options.marker}-${i}-end`,
      shortId: 1 + Math.floor(i / options.chats),
      createdAt: options.createdAt,
    }),
  );
}
