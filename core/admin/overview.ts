// What local mode's admin tab shows: the stats, what fires in the next hour, the stopped rows and recent deliveries.
import type { FindDueResult } from '../store/port.ts';
import { readHistory, type DeliveryView } from './history.ts';
import type { AdminTable, ReadMeter } from './port.ts';
import { readStats, type TableStats } from './stats.ts';
import { listStopped } from './stopped.ts';

const DUE_SOON_MS = 3_600_000;
const ROWS = 20;

export interface AdminOverview {
  stats: TableStats;
  dueSoon: Array<{ chatId: number; id: string; status: string; fireAt: string; dueAt: string }>;
  stopped: Array<{ chatId: number; shortId: number; id: string; status: string; reason: string; since: string; text: string }>;
  deliveries: DeliveryView[];
  reads: ReadMeter;
}

/**
 * The same functions `nudge stats`, `nudge due`, `nudge failed` and `nudge history` call, in one answer.
 *
 * @example
 * const overview = await readOverview(new DynamoDbAdminTable(doc, 'nudge'), (end) => store.findDue(end), { now: new Date(), dueShards: 16 });
 */
export async function readOverview(table: AdminTable, findDue: (windowEnd: Date) => Promise<FindDueResult>, options: { now: Date; dueShards: number }): Promise<AdminOverview> {
  const stats = await readStats(table, options);
  const [due, stopped, history] = await Promise.all([
    findDue(new Date(options.now.getTime() + DUE_SOON_MS)),
    listStopped(table, { limit: ROWS }),
    readHistory(table, { since: new Date(options.now.getTime() - 86_400_000), now: options.now, limit: ROWS }),
  ]);
  return {
    stats,
    dueSoon: due.rows.slice(0, ROWS).map((r) => ({ chatId: r.chatId, id: r.id, status: r.status, fireAt: r.fireAt, dueAt: r.dueAt })),
    stopped: stopped.reminders.map((s) => ({ chatId: s.reminder.chatId, shortId: s.reminder.shortId, id: s.reminder.id, status: s.reminder.status, reason: s.reason, since: s.since, text: s.reminder.text })),
    deliveries: history.deliveries,
    reads: { items: table.reads.items + due.itemsRead, requests: table.reads.requests + due.pages },
  };
}
