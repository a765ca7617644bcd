// The delivery log as admins read it: one chat's partition, or the time-keyed SENT#<day> partitions across chats.
import { DeliveryLogItem, isDeliveredReminderRow, keys } from '../../schema/index.ts';
import { newestDeliveryFirst } from '../store/delivery-order.ts';
import type { AdminTable, IndexEntry, ReadMeter } from './port.ts';

/** Sorts after any `<ISO>#<id>` or `SENT#<ISO>#<id>` key, so it closes an open-ended range. */
export const SENT_SK_END = '\uffff';
const DAY = 86_400_000;

export interface DeliveryView {
  sentAt: string;
  /** sentAt − the occurrence's due time. */
  lagMs: number;
  chatId: number;
  reminderId: string;
  shortId: number | null;
  text: string | null;
  work: 'message' | 'action' | null;
  /** Every log line is a delivery: a Telegram message (with its id) or an action handed to the agent. */
  outcome: 'sent' | 'action-accepted';
  messageId: number | null;
}

export interface HistoryResult {
  deliveries: DeliveryView[];
  /** True when more deliveries match than `limit`. */
  more: boolean;
  reads: ReadMeter;
}

/** UTC days ("2026-11-24") from `sinceIso` up to `now`, newest first. */
export function daysBack(sinceIso: string, now: Date): string[] {
  const days: string[] = [];
  const first = Date.parse(`${sinceIso.slice(0, 10)}T00:00:00.000Z`);
  for (let t = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`); t >= first; t -= DAY) days.push(new Date(t).toISOString());
  return days;
}

/**
 * Deliveries since `since`, newest first, at most `limit`. With `chatId` it reads that chat's log items and
 * delivered reminder rows; without, the SENT#<day> index partitions from today back to `since`'s day, then
 * the items of the page it returns (for text and message id) — a log item or a delivered reminder row, both
 * DeliveryLogItems. Expired entries are left out.
 */
export async function readHistory(table: AdminTable, options: { chatId?: number; since: Date; now: Date; limit: number }): Promise<HistoryResult> {
  const sinceIso = options.since.toISOString();
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  let items: Record<string, unknown>[];
  let more = false;
  if (options.chatId !== undefined) {
    items = await chatDeliveries(table, options.chatId, sinceIso, options.limit + 1);
  } else {
    const entries: IndexEntry[] = [];
    for (const day of daysBack(sinceIso, options.now)) {
      const left = options.limit + 1 - entries.length;
      if (left <= 0) break;
      entries.push(...(await table.queryIndex(keys.sentDayPk(day), { from: sinceIso, to: SENT_SK_END }, { newestFirst: true, limit: left })));
    }
    more = entries.length > options.limit;
    const page = entries.slice(0, options.limit);
    const byKey = new Map((await table.getItems(page)).map((item) => [`${String(item.pk)}|${String(item.sk)}`, item]));
    items = page.map((entry) => byKey.get(`${entry.pk}|${entry.sk}`) ?? { ...entry });
  }
  if (options.chatId !== undefined) {
    more = items.length > options.limit;
    items = items.slice(0, options.limit);
  }
  const deliveries = items.flatMap((item) => {
    const parsed = DeliveryLogItem.safeParse(item);
    if (parsed.success) return parsed.data.expiresAt > nowSeconds ? [viewOf(parsed.data)] : [];
    return fromIndexOnly(item);
  });
  return { deliveries, more, reads: { ...table.reads } };
}

/**
 * One chat's deliveries since `sinceIso`, newest first, at most `limit`: its separate log items (`SENT#…`,
 * read by key range) merged with its delivered one-time reminder rows (`REMINDER#…`, which a key cannot
 * order by time: the chat's reminder rows are read and the delivered ones kept — tens of rows, bounded by
 * the chat's reminders and the log's TTL).
 */
async function chatDeliveries(table: AdminTable, chatId: number, sinceIso: string, limit: number): Promise<Record<string, unknown>[]> {
  const pk = keys.chatPk(chatId);
  const [logItems, reminderRows] = await Promise.all([
    table.queryPartition(pk, { from: `${keys.sentSkPrefix}${sinceIso}`, to: `${keys.sentSkPrefix}${SENT_SK_END}` }, { newestFirst: true, limit }),
    table.queryPartition(pk, { from: keys.reminderSkPrefix, to: `${keys.reminderSkPrefix}${SENT_SK_END}` }),
  ]);
  const delivered = reminderRows.flatMap((row) => {
    const parsed = isDeliveredReminderRow(row) ? DeliveryLogItem.safeParse(row) : undefined;
    return parsed?.success && parsed.data.sentAt >= sinceIso ? [{ row, order: parsed.data }] : [];
  });
  const logged = logItems.flatMap((row) => {
    const parsed = DeliveryLogItem.safeParse(row);
    // A log item that does not parse still keeps its place by its key (`SENT#<sentAt>#<id>`), as before.
    const order = parsed.success ? parsed.data : orderOfSentKey(row.sk, keys.sentSkPrefix);
    return order ? [{ row, order }] : [];
  });
  return [...logged, ...delivered].sort((a, b) => newestDeliveryFirst(a.order, b.order)).slice(0, limit).map(({ row }) => row);
}

/** The delivery a `<sentAt>#<reminder id>` key orders (after `prefix`: `SENT#` on a log item's own key). */
function orderOfSentKey(key: unknown, prefix = ''): { sentAt: string; reminderId: string } | undefined {
  if (typeof key !== 'string' || !key.startsWith(prefix)) return undefined;
  const match = /^(.+Z)#(.+)$/.exec(key.slice(prefix.length));
  return match ? { sentAt: match[1] ?? '', reminderId: match[2] ?? '' } : undefined;
}

function viewOf(entry: DeliveryLogItem): DeliveryView {
  return {
    sentAt: entry.sentAt,
    lagMs: Math.max(0, Date.parse(entry.sentAt) - Date.parse(entry.dueAt)),
    chatId: entry.chatId,
    reminderId: entry.reminderId,
    shortId: entry.shortId,
    text: entry.text,
    work: entry.work,
    outcome: entry.work === 'action' ? 'action-accepted' : 'sent',
    messageId: entry.messageId ?? null,
  };
}

/**
 * An index entry whose item vanished (TTL) between the two reads: what the key and projection say. The
 * index key (`<sentAt>#<id>` under `SENT#<day>`) is the same for a log item and a delivered reminder row.
 */
function fromIndexOnly(item: Record<string, unknown>): DeliveryView[] {
  const { sk, duePk, dueSk, chatId, dueAt } = item;
  const order = typeof duePk === 'string' && duePk.startsWith(keys.sentSkPrefix) && typeof dueSk === 'string' ? orderOfSentKey(dueSk) : orderOfSentKey(sk, keys.sentSkPrefix);
  if (!order || typeof chatId !== 'number' || typeof dueAt !== 'string') return [];
  const { sentAt, reminderId } = order;
  return [{ sentAt, lagMs: Math.max(0, Date.parse(sentAt) - Date.parse(dueAt)), chatId, reminderId, shortId: null, text: null, work: null, outcome: 'sent', messageId: null }];
}
