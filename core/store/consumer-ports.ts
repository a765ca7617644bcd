import type { ReminderStore } from './port.ts';

/*
 * The store port split by consumer, as Powertools separates its persistence protocol from the
 * DynamoDB primitives: each runtime is typed against the narrowest slice it uses, so a reader sees
 * at a glance what the sweeper may write and a test double implements only what it needs. The
 * DynamoDB store still implements all of them in one class; names and signatures are those of
 * `ReminderStore`, so a method added there is added here by name.
 */

/** Delivery (the sweeper and the agent's short timers): find due rows, claim, settle, pause an unreachable chat. */
export type DeliveryStore = Pick<
  ReminderStore,
  'dueShards' | 'findDue' | 'findDuePage' | 'getReminder' | 'claim' | 'renewClaim' | 'complete' | 'retryLater' | 'fail' | 'pauseChat'
>;

/** The webhook's dedupe of Telegram's redeliveries. */
export type UpdateDedupe = Pick<ReminderStore, 'markUpdateProcessed' | 'isUpdateProcessed'>;

/** The conversation memory the model reads: recent turns per chat. */
export type ConversationTurns = Pick<ReminderStore, 'appendTurn' | 'listTurns'>;

/** A chat's reminders and settings as the agent manages them, with drafts and the outcome of each message. */
export type ReminderBook = Pick<
  ReminderStore,
  | 'getChatSettings'
  | 'setChatTimezone'
  | 'setChatLanguage'
  | 'createReminder'
  | 'getReminder'
  | 'getReminderByShortId'
  | 'listReminders'
  | 'cancelReminder'
  | 'snoozeReminder'
  | 'editReminder'
  | 'putDraft'
  | 'takeDraft'
  | 'recordMessageOutcome'
  | 'getMessageOutcome'
  | 'listDeliveryLog'
  | 'resumeChat'
>;

/** The agent: managing reminders, remembering turns, and delivering short timers itself. */
export type AgentStore = ReminderBook & ConversationTurns & DeliveryStore;

/** The admin CLI's reads and its few conditional writes (cancel, snooze, retry by resuming). */
export type AdminStore = Pick<
  ReminderStore,
  'findDue' | 'dueShards' | 'getChatSettings' | 'getReminder' | 'getReminderByShortId' | 'listReminders' | 'listDeliveryLog' | 'cancelReminder' | 'snoozeReminder' | 'resumeChat'
>;
