export * from './port.ts';
export * from './errors.ts';
export { DynamoDbReminderStore, type DynamoDbReminderStoreOptions } from './dynamodb-store.ts';
export { DueShardsShrunkError, guardDueShards, recordedDueShards } from './shard-guard.ts';
export { DynamoDbAdminTable } from './admin-table.ts';
export { DynamoDbActiveReminderCounter, type ActiveReminderCounter } from './active-count.ts';
export { DynamoDbPendingEdits } from './pending-edit.ts';
export type { PendingEdit, PendingEditStore } from './pending-edit-port.ts';
export { DynamoDbUserPause, type DynamoDbUserPauseOptions } from './user-pause.ts';
export type { UserPauseResult, UserPauseStore } from './user-pause-port.ts';
export { MAX_TEXT_LENGTH } from './validate-input.ts';
// Schema types that appear in the port's inputs, so callers can write a NewReminder from one import.
export type { OnceSchedule, RecurringSchedule, ReminderStatus, ReminderWork, Schedule } from '../../schema/index.ts';
export type { InboxEntry, KeptReply, OutboxEntry, ReplyOutbox, UpdateInbox } from './queue-port.ts';
export { DynamoDbReplyOutbox, DynamoDbUpdateInbox, type WorkQueueOptions } from './work-queues.ts';
