export { DynamoDbReminderStore, type DynamoDbReminderStoreOptions } from './dynamodb-store.ts';
export { DueShardsShrunkError, guardDueShards, recordedDueShards } from './shard-guard.ts';
export { DynamoDbAdminTable } from './admin-table.ts';
export { DynamoDbActiveReminderCounter, type ActiveReminderCounter } from './active-count.ts';
export { DynamoDbReplyOutbox, DynamoDbUpdateInbox, type WorkQueueOptions } from './work-queues.ts';
export { DynamoDbSenderLeaseStore, type SenderLease, type SenderLeaseStore } from './sender-lease-store.ts';
export { DynamoDbPendingEdits } from './pending-edit.ts';
export { DynamoDbUserPause, type DynamoDbUserPauseOptions } from './user-pause.ts';
