// The admin questions, shared by the `nudge` CLI and local mode's admin page.
export type { AdminTable, IndexEntry, ItemKey, KeyRange, ReadMeter } from './port.ts';
export { readStats, type TableStats } from './stats.ts';
export { listStopped, type StoppedReminder, type StoppedResult } from './stopped.ts';
export { readHistory, type DeliveryView, type HistoryResult } from './history.ts';
export { findReminder, CorruptReminderError, type ReminderRef } from './find-reminder.ts';
export { reminderDetails, type ReminderDetails } from './reminder-details.ts';
export { scheduleAsRfc5545, cronAsRrule, dtstart, utcBasic } from './rfc5545.ts';
export { exportItems, importItems, parseJsonLines, toJsonLines, BackupLineError, type BackupItem } from './backup.ts';
export { sweepStatusOf, withSweepStatus } from './sweep-status.ts';
export { readOverview, type AdminOverview } from './overview.ts';
