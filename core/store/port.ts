import type { Draft, DraftInput } from './draft-port.ts';
import type {
  ChatSettingsItem,
  ConversationTurnItem,
  DeliveryLogItem,
  ReminderItem,
  Schedule,
} from '../../schema/index.ts';

export type Reminder = ReminderItem;
export type { Draft, DraftInput } from './draft-port.ts';
export type ChatSettings = ChatSettingsItem;
export type ConversationTurn = ConversationTurnItem;
export type DeliveryLogEntry = DeliveryLogItem;

/** A reminder to write: what a draft holds (`dueAt`, the first occurrence in UTC, must be after `now`), and who and how. */
export interface NewReminder extends DraftInput {
  createdBy?: number;
  /** The chat's reply language ("de"), kept on the row so the delivered message can use it. */
  lang?: string;
  /**
   * Keep the number of a reminder that no longer exists (a delivered one-time reminder being
   * snoozed), so the person's "#2" still means the same thing. The counter is left alone.
   */
  reuseShortId?: number;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

/** A row the due index says is ready to claim. Carries what the claim's condition needs. */
export interface DueRow {
  chatId: number;
  id: string;
  /** The dueSk as read: the claim is conditional on it being unchanged. */
  dueSk: string;
  /** Instant the index row fires at (due time, lease end or back-off end). */
  fireAt: string;
  dueAt: string;
  status: ReminderItem['status'];
}

export interface FindDueResult {
  rows: DueRow[];
  /** Items DynamoDB read for the query (Count summed over pages): proves cost tracks due rows only. */
  itemsRead: number;
  pages: number;
}

/** Where the next page of a due-index shard starts. Opaque: pass back what `findDuePage` returned. */
export type DueCursor = Record<string, unknown>;

export interface DuePageOptions {
  /** At most this many rows (DynamoDB's `Limit`: items read, so also the page's read cost). */
  limit: number;
  after?: DueCursor;
}

export interface DuePage {
  rows: DueRow[];
  itemsRead: number;
  /** Absent when the shard has nothing more up to the window's end. */
  next?: DueCursor;
}

export interface ClaimOptions {
  now: Date;
  /** How long the claim holds before the row is due again by itself. */
  leaseMs: number;
  /** Unique per claim attempt; completion must present it. */
  token: string;
  /**
   * This is a retry of a claim with the same token whose earlier answer was lost (a timeout, a reset):
   * on a conflict the store then reads the row (consistently) and puts it in `ReminderAlreadyClaimedError.current`,
   * so the caller can see its own token there and go on instead of waiting out the lease.
   */
  retry?: boolean;
}

export interface CompleteOptions {
  now: Date;
  /** For recurring rows: the next occurrence, or null when until/count has ended the schedule. Ignored for one-time rows. */
  nextDueAt?: Date | null;
  /** Telegram message id of the delivery, for the log. */
  messageId?: number;
  /** How long the delivery-log item is kept (TTL); defaults to 30 days. */
  logTtlSeconds?: number;
}

/** What the buttons under one delivered message did (the first press wins). */
export type MessageOutcome =
  | { kind: 'done' }
  | {
      kind: 'snoozed';
      /** The button's choice ("10m", "1h", "tomorrow"), so a different second choice can be told apart. */
      choice: string;
      /** The snoozed copy. */
      reminderId: string;
      shortId: number;
      /** UTC ISO. */
      dueAt: string;
    };

export interface MessageOutcomeRecord {
  chatId: number;
  messageId: number;
  outcome: MessageOutcome;
  /** When it was recorded, UTC ISO. */
  at: string;
}

/** `recorded: false` carries the outcome recorded first (undefined only if that record is unreadable). */
export type RecordMessageOutcomeResult = { recorded: true } | { recorded: false; existing: MessageOutcomeRecord | undefined };

export interface ReminderStore {
  // Chat settings ---------------------------------------------------------------------------
  getChatSettings(chatId: number): Promise<ChatSettings | undefined>;
  /** Sets the timezone (validated), creating the settings item if needed. */
  setChatTimezone(chatId: number, timezone: string, now: Date): Promise<ChatSettings>;
  /** Sets the reply language (a short code such as "de"), creating the settings item if needed. */
  setChatLanguage(chatId: number, language: string, now: Date): Promise<ChatSettings>;

  // Reminders (user-facing) -----------------------------------------------------------------
  /** Assigns the chat's next short id atomically; rejects bad input with InvalidReminderInputError before writing. */
  createReminder(input: NewReminder, now: Date): Promise<Reminder>;
  getReminder(chatId: number, id: string): Promise<Reminder | undefined>;
  getReminderByShortId(chatId: number, shortId: number): Promise<Reminder | undefined>;
  /** Active (pending/sending) first, soonest first; then paused/failed. */
  listReminders(chatId: number, options?: { limit?: number; cursor?: string }): Promise<Page<Reminder>>;
  /** Deletes the row; ReminderNotFoundError when it is not in this chat. */
  cancelReminder(chatId: number, id: string): Promise<Reminder>;
  /** Moves the due time (also revives a paused/failed row); dueAt must be after now. */
  snoozeReminder(chatId: number, id: string, dueAt: Date, now: Date): Promise<Reminder>;
  editReminder(chatId: number, id: string, changes: { text?: string; dueAt?: Date; schedule?: Schedule }, now: Date): Promise<Reminder>;

  // Webhook dedupe ------------------------------------------------------------------------------
  /** True when this call recorded it; false when it was already recorded (and not expired). */
  markUpdateProcessed(updateId: number, now: Date, ttlSeconds: number, chatId?: number): Promise<boolean>;
  isUpdateProcessed(updateId: number, now: Date): Promise<boolean>;

  // Delivered-message buttons --------------------------------------------------------------------
  /**
   * Records what a delivered message's buttons did, only if nothing (unexpired) is recorded yet:
   * `{ recorded: true }`, or `{ recorded: false, existing }` with the outcome recorded first.
   */
  recordMessageOutcome(
    chatId: number,
    messageId: number,
    outcome: MessageOutcome,
    now: Date,
    ttlSeconds: number,
  ): Promise<RecordMessageOutcomeResult>;
  getMessageOutcome(chatId: number, messageId: number, now: Date): Promise<MessageOutcomeRecord | undefined>;

  // Unsure readings --------------------------------------------------------------------------
  /** Keeps a reminder Nudge was unsure how to read until the person confirms it (TTL; never fires). */
  putDraft(input: DraftInput, now: Date, ttlSeconds: number): Promise<Draft>;
  /** Deletes and returns a draft; undefined when it is gone, expired or already taken. */
  takeDraft(chatId: number, id: string, now: Date): Promise<Draft | undefined>;

  // Agent memory ------------------------------------------------------------------------------
  appendTurn(chatId: number, turn: { role: 'user' | 'assistant'; content: string }, now: Date, ttlSeconds: number): Promise<void>;
  /** Newest `limit` unexpired turns, oldest first. */
  listTurns(chatId: number, now: Date, limit: number): Promise<ConversationTurn[]>;

  // Delivery log ------------------------------------------------------------------------------
  listDeliveryLog(chatId: number, now: Date, limit?: number): Promise<DeliveryLogEntry[]>;

  // Sweeper primitives --------------------------------------------------------------------------
  /** Every shard, every page: rows whose index time is <= windowEnd. */
  findDue(windowEnd: Date): Promise<FindDueResult>;
  /** Shards of the due index: `findDuePage` takes 0 … dueShards − 1. */
  readonly dueShards: number;
  /** One page of one shard: rows whose index time is <= windowEnd, in index order, at most `limit`. */
  findDuePage(shard: number, windowEnd: Date, options: DuePageOptions): Promise<DuePage>;
  /**
   * Conditional on the row's dueSk as read; ReminderAlreadyClaimedError otherwise — on a `retry`, carrying the
   * row as it is now (consistent read) so a claimer whose own earlier try landed can see its token. Returns the claimed row.
   */
  claim(row: DueRow, options: ClaimOptions): Promise<Reminder>;
  /** Conditional on the claim token: turns one-time rows into their own delivery-log entry (one write), re-arms recurring ones (+ a log item). */
  complete(reminder: Reminder, token: string, options: CompleteOptions): Promise<void>;
  /** Moves a held claim's lease end to `leaseEnd` (a slow send keeps the row); StaleClaimError when the token no longer holds it. */
  renewClaim(reminder: Reminder, token: string, leaseEnd: Date, now: Date): Promise<Reminder>;
  /** Back in the index at `retryAt`, attempts + 1, error kept. */
  retryLater(reminder: Reminder, token: string, retryAt: Date, error: string, now: Date): Promise<Reminder>;
  /** Out of the index for good with its reason. */
  fail(reminder: Reminder, token: string, reason: string, now: Date): Promise<Reminder>;
  /** The chat cannot be reached: marks settings blocked and takes every waiting reminder of the chat out of the index (status paused). */
  pauseChat(chatId: number, reason: string, now: Date): Promise<number>;
  /** Puts paused reminders back (due now if their time passed) and clears the blocked flag. */
  resumeChat(chatId: number, now: Date): Promise<number>;
}
