// Everything about one reminder an admin asks for: schedule in words and RFC 5545, next occurrences, lease, deliveries.
import { DeliveryLogItem, keys, type ReminderItem } from '../../schema/index.ts';
import { describeSchedule, formatInstant, upcomingOccurrences } from '../time/index.ts';
import { SENT_SK_END } from './history.ts';
import type { AdminTable } from './port.ts';
import { scheduleAsRfc5545 } from './rfc5545.ts';

const OCCURRENCES = 5;
/** How many of the chat's log lines are searched for this reminder's deliveries. */
const LOG_LINES_SEARCHED = 200;

export interface ReminderDetails {
  reminder: ReminderItem;
  zone: string;
  description: string;
  rfc5545: { dtstart: string; rrule: string | null };
  /** Next occurrences in UTC and as the chat reads them. */
  next: Array<{ at: string; local: string }>;
  /** Where the row stands in the due index. */
  index: { partition: string | null; at: string | null };
  lease: { token: string; claimedAt: string | null; endsAt: string | null } | null;
  deliveries: Array<{ sentAt: string; lagMs: number; messageId: number | null }>;
}

export async function reminderDetails(table: AdminTable, reminder: ReminderItem, now: Date): Promise<ReminderDetails> {
  const schedule = reminder.schedule;
  const zone = schedule.kind === 'recurring' ? schedule.tz : reminder.tz;
  const dueAt = new Date(reminder.dueAt);
  const nextDates = schedule.kind === 'recurring' ? [dueAt, ...upcomingOccurrences(schedule, dueAt, OCCURRENCES - 1, reminder.firedCount + 1)] : [dueAt];
  const indexAt = reminder.dueSk ? reminder.dueSk.slice(0, reminder.dueSk.lastIndexOf('#')) : null;
  // Only separate log items can belong to a live reminder: a delivered row (REMINDER#… as history) is a
  // reminder no longer, so the one shown here never is one.
  const log = await table.queryPartition(keys.chatPk(reminder.chatId), { from: keys.sentSkPrefix, to: `${keys.sentSkPrefix}${SENT_SK_END}` }, { newestFirst: true, limit: LOG_LINES_SEARCHED });
  const deliveries = log.flatMap((item) => {
    const parsed = DeliveryLogItem.safeParse(item);
    if (!parsed.success || parsed.data.reminderId !== reminder.id) return [];
    const entry = parsed.data;
    return [{ sentAt: entry.sentAt, lagMs: Math.max(0, Date.parse(entry.sentAt) - Date.parse(entry.dueAt)), messageId: entry.messageId ?? null }];
  });
  return {
    reminder,
    zone,
    description: describeSchedule(schedule, dueAt, zone, now),
    rfc5545: scheduleAsRfc5545(schedule, dueAt, zone),
    next: nextDates.map((d) => ({ at: d.toISOString(), local: formatInstant(d, zone, now) })),
    index: { partition: reminder.duePk ?? null, at: indexAt },
    lease: reminder.claimToken ? { token: reminder.claimToken, claimedAt: reminder.claimedAt ?? null, endsAt: reminder.claimedUntil ?? (reminder.status === 'sending' ? indexAt : null) } : null,
    deliveries,
  };
}
