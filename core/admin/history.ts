// The delivery log as admins read it: one chat's partition, or the time-keyed SENT#<day> partitions across chats.
import { DeliveryLogItem, keys } from '../../schema/index.ts';
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
 * Deliveries since `since`, newest first, at most `limit`. With `chatId` it reads that chat's log items;
 * without, the SENT#<day> index partitions from today back to `since`'s day, then the log items of the
 * page it returns (for text and message id). Expired log items are left out.
 */
export async function readHistory(table: AdminTable, options: { chatId?: number; since: Date; now: Date; limit: number }): Promise<HistoryResult> {
  const sinceIso = options.since.toISOString();
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  let items: Record<string, unknown>[];
  let more = false;
  if (options.chatId !== undefined) {
    items = await table.queryPartition(keys.chatPk(options.chatId), { from: `${keys.sentSkPrefix}${sinceIso}`, to: `${keys.sentSkPrefix}${SENT_SK_END}` }, { newestFirst: true, limit: options.limit + 1 });
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

/** An index entry whose log item vanished (TTL) between the two reads: what the key and projection say. */
function fromIndexOnly(item: Record<string, unknown>): DeliveryView[] {
  const { sk, chatId, dueAt } = item;
  const match = typeof sk === 'string' ? /^SENT#(.+Z)#(.+)$/.exec(sk) : null;
  if (!match || typeof chatId !== 'number' || typeof dueAt !== 'string') return [];
  const [, sentAt = '', reminderId = ''] = match;
  return [{ sentAt, lagMs: Math.max(0, Date.parse(sentAt) - Date.parse(dueAt)), chatId, reminderId, shortId: null, text: null, work: null, outcome: 'sent', messageId: null }];
}
