export * from './port.ts';
export * from './errors.ts';
export type { PendingEdit, PendingEditStore } from './pending-edit-port.ts';
export type { UserPauseResult, UserPauseStore } from './user-pause-port.ts';
export { MAX_TEXT_LENGTH } from './validate-input.ts';
// Schema types that appear in the port's inputs, so callers can write a NewReminder from one import.
export type { OnceSchedule, RecurringSchedule, ReminderStatus, ReminderWork, Schedule } from '../../schema/index.ts';
export type { InboxEntry, KeptReply, OutboxEntry, ReplyOutbox, UpdateInbox } from './queue-port.ts';
export type { AdminStore, AgentStore, ConversationTurns, DeliveryStore, ReminderBook, UpdateDedupe } from './consumer-ports.ts';
