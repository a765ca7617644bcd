// `nudge stats` and the admin page's overview: the table's health from the sparse index partitions only.
import { keys, SweepStatusItem } from '../../schema/index.ts';
import type { AdminTable, IndexEntry, ReadMeter } from './port.ts';
import { daysBack, SENT_SK_END } from './history.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TableStats {
  now: string;
  /** Rows waiting to fire (pending, retrying or leased) in each `DUE#<shard>` partition. */
  pendingPerShard: number[];
  pending: number;
  /** Waiting rows whose index time falls in (now, now + span]. */
  dueWithin: { minute: number; hour: number; day: number };
  /** Rows a sweeper holds a lease on; the oldest is the one whose lease ends first. */
  claimed: { count: number; oldestLeaseEndsAt: string | null; expired: number };
  /** Pending rows whose index time has passed without a sweeper taking them; oldest by occurrence. */
  overdue: { count: number; oldestDueAt: string | null; oldestLateMs: number | null };
  failed: number;
  paused: { reminders: number; chats: number };
  /** Chats that ever created a reminder (`ADMIN / CHATS` counter); null when the counter is not there yet. */
  chats: number | null;
  deliveries: { lastHour: number; lastDay: number };
  lastSweep: Omit<SweepStatusItem, 'pk' | 'sk' | 'type'> | null;
  reads: ReadMeter;
}

/**
 * Reads every waiting row's index entry (the cost grows with pending reminders, never with the table),
 * counts the FAILED partition and the last day's delivery-log keys, and reads two admin items.
 *
 * @example
 * const stats = await readStats(new DynamoDbAdminTable(doc, 'nudge'), { now: new Date(), dueShards: 16 });
 */
export async function readStats(table: AdminTable, options: { now: Date; dueShards: number }): Promise<TableStats> {
  const now = options.now.getTime();
  const nowIso = options.now.toISOString();
  const dayAgo = new Date(now - DAY).toISOString();
  const hourAgo = new Date(now - HOUR).toISOString();
  const [shards, failed, pausedEntries, counter, sweepItem, lastDay, lastHour] = await Promise.all([
    Promise.all(Array.from({ length: options.dueShards }, (_, shard) => table.queryIndex(keys.duePk(shard), {}))),
    table.countIndex(keys.failedPk, {}),
    table.queryIndex(keys.pausedPk, {}),
    table.getItem({ pk: keys.adminPk, sk: keys.chatCounterSk }),
    table.getItem({ pk: keys.adminPk, sk: keys.sweepStatusSk }),
    countSentSince(table, dayAgo, options.now),
    countSentSince(table, hourAgo, options.now),
  ]);

  const dueWithin = { minute: 0, hour: 0, day: 0 };
  const claimed = { count: 0, oldestLeaseEndsAt: null as string | null, expired: 0 };
  const overdue = { count: 0, oldestDueAt: null as string | null, oldestLateMs: null as number | null };
  const leases = await leasesOfDueRows(table, shards.flat(), now);
  for (const entry of shards.flat()) {
    const fireAt = entry.dueSk.slice(0, entry.dueSk.lastIndexOf('#'));
    const inMs = Date.parse(fireAt) - now;
    // Older claims moved the row to its lease end and marked it `sending`; claims now write only
    // claimedUntil on the row, which the index does not carry (leasesOfDueRows reads it).
    const leaseEnd = entry.status === 'sending' ? fireAt : leases.get(entry.sk);
    if (leaseEnd !== undefined) {
      claimed.count++;
      if (claimed.oldestLeaseEndsAt === null || leaseEnd < claimed.oldestLeaseEndsAt) claimed.oldestLeaseEndsAt = leaseEnd;
      if (Date.parse(leaseEnd) < now) claimed.expired++;
      continue;
    }
    if (inMs <= 0) {
      overdue.count++;
      const dueAt = entry.dueAt ?? fireAt;
      if (overdue.oldestDueAt === null || dueAt < overdue.oldestDueAt) overdue.oldestDueAt = dueAt;
      continue;
    }
    if (inMs <= MINUTE) dueWithin.minute++;
    if (inMs <= HOUR) dueWithin.hour++;
    if (inMs <= DAY) dueWithin.day++;
  }
  if (overdue.oldestDueAt !== null) overdue.oldestLateMs = now - Date.parse(overdue.oldestDueAt);

  const sweep = sweepItem ? SweepStatusItem.safeParse(sweepItem) : undefined;
  const chats = typeof counter?.chats === 'number' ? counter.chats : null;
  const pendingPerShard = shards.map((entries) => entries.length);
  return {
    now: nowIso,
    pendingPerShard,
    pending: pendingPerShard.reduce((a, b) => a + b, 0),
    dueWithin,
    claimed,
    overdue,
    failed,
    paused: { reminders: pausedEntries.length, chats: new Set(pausedEntries.map((e) => e.chatId)).size },
    chats,
    deliveries: { lastHour, lastDay },
    lastSweep: sweep?.success ? withoutKeys(sweep.data) : null,
    reads: { ...table.reads },
  };
}

/** Due rows whose claim is looked up at most; beyond this a backlog's rows count as overdue, unread. */
const LEASE_READS = 100;

/**
 * Lease ends of the due rows a sweeper may hold now (due at or before `now`), by sort key. A claim leaves
 * the row's index entry as it was, so only the row says whether it is held: one batch read of at most
 * LEASE_READS rows, the soonest first — claims last seconds, so held rows are among the few due now.
 */
async function leasesOfDueRows(table: AdminTable, entries: IndexEntry[], now: number): Promise<Map<string, string>> {
  const due = entries
    .filter((e) => e.status !== 'sending' && Date.parse(e.dueSk.slice(0, e.dueSk.lastIndexOf('#'))) <= now)
    .sort((a, b) => (a.dueSk < b.dueSk ? -1 : 1))
    .slice(0, LEASE_READS);
  if (due.length === 0) return new Map();
  const items = await table.getItems(due.map((e) => ({ pk: e.pk, sk: e.sk })));
  const leases = new Map<string, string>();
  for (const item of items) {
    if (typeof item.sk === 'string' && typeof item.claimToken === 'string' && typeof item.claimedUntil === 'string') leases.set(item.sk, item.claimedUntil);
  }
  return leases;
}

async function countSentSince(table: AdminTable, sinceIso: string, now: Date): Promise<number> {
  const counts = await Promise.all(daysBack(sinceIso, now).map((day) => table.countIndex(keys.sentDayPk(day), { from: sinceIso, to: SENT_SK_END })));
  return counts.reduce((a, b) => a + b, 0);
}

function withoutKeys(item: SweepStatusItem): TableStats['lastSweep'] {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest;
}
