// Failed and paused reminders across chats, from their sparse index partitions: no scan.
import { ChatSettingsItem, keys, ReminderItem } from '../../schema/index.ts';
import type { AdminTable, IndexEntry, ReadMeter } from './port.ts';

export interface StoppedReminder {
  reminder: ReminderItem;
  /** failureReason for failed rows; the chat's blockedReason for paused ones. */
  reason: string;
  /** When it stopped (its index time). */
  since: string;
}

export interface StoppedResult {
  reminders: StoppedReminder[];
  /** Failed and paused rows in the index in all (the page may show fewer). */
  total: { failed: number; paused: number };
  more: boolean;
  reads: ReadMeter;
}

/**
 * The most recently stopped reminders, at most `limit`, newest first, with their reasons: the two
 * partitions' newest `limit` entries, then one batch read of those rows and of the paused chats' settings.
 */
export async function listStopped(table: AdminTable, options: { limit: number }): Promise<StoppedResult> {
  const [failedEntries, pausedEntries, failedCount, pausedCount] = await Promise.all([
    table.queryIndex(keys.failedPk, {}, { newestFirst: true, limit: options.limit }),
    table.queryIndex(keys.pausedPk, {}, { newestFirst: true, limit: options.limit }),
    table.countIndex(keys.failedPk, {}),
    table.countIndex(keys.pausedPk, {}),
  ]);
  const page = [...failedEntries, ...pausedEntries].sort((a, b) => compareDesc(a.dueSk, b.dueSk)).slice(0, options.limit);
  const pausedChats = [...new Set(page.filter((e) => e.duePk === keys.pausedPk).map((e) => e.pk))];
  const items = await table.getItems([...page, ...pausedChats.map((pk) => ({ pk, sk: keys.settingsSk }))]);
  const blockedReasons = new Map<string, string>();
  const rows = new Map<string, ReminderItem>();
  for (const item of items) {
    const settings = ChatSettingsItem.safeParse(item);
    if (settings.success) {
      if (settings.data.blockedReason) blockedReasons.set(settings.data.pk, settings.data.blockedReason);
      continue;
    }
    const reminder = ReminderItem.safeParse(item);
    if (reminder.success) rows.set(`${reminder.data.pk}|${reminder.data.sk}`, reminder.data);
  }
  const reminders = page.flatMap((entry: IndexEntry): StoppedReminder[] => {
    const reminder = rows.get(`${entry.pk}|${entry.sk}`);
    // Gone or moved between the two reads (retried, cancelled): not stopped any more.
    if (!reminder || reminder.duePk !== entry.duePk) return [];
    // A row the person paused says so, even while its chat is also blocked: resuming the chat will not bring it back.
    const reason = reminder.status === 'failed' ? reminder.failureReason : reminder.userPausedAt ? 'paused by the user' : blockedReasons.get(reminder.pk) ?? reminder.lastError;
    return [{ reminder, reason: reason ?? '(no reason recorded)', since: entry.dueSk.slice(0, entry.dueSk.lastIndexOf('#')) }];
  });
  return {
    reminders,
    total: { failed: failedCount, paused: pausedCount },
    more: failedCount + pausedCount > options.limit,
    reads: { ...table.reads },
  };
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
