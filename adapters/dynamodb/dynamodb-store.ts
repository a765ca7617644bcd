import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { DEFAULT_DUE_SHARDS, dueShard, type Schedule } from '../../schema/index.ts';
import { silentLog, type Log } from '../../core/log.ts';
import * as chat from './chat-records.ts';
import * as pause from './chat-pause.ts';
import * as drafts from './drafts.ts';
import type { Draft, DraftInput } from './drafts.ts';
import * as due from './due-index.ts';
import * as outcomes from './message-outcomes.ts';
import * as rows from './reminder-rows.ts';
import type {
  ChatSettings,
  ClaimOptions,
  CompleteOptions,
  ConversationTurn,
  DeliveryLogEntry,
  DuePage,
  DuePageOptions,
  DueRow,
  FindDueResult,
  MessageOutcome,
  MessageOutcomeRecord,
  RecordMessageOutcomeResult,
  NewReminder,
  Page,
  Reminder,
  ReminderStore,
} from '../../core/store/port.ts';
import type { StoreContext } from './store-context.ts';
import { checkNonEmpty } from '../../core/store/validate-input.ts';

export interface DynamoDbReminderStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Shards of the due index (default 16). May grow between deploys, never shrink: rows keep the shard they were written to. */
  dueShards?: number;
  /** Reminder id generator; ULIDs (time-ordered, readable in the console) by default. */
  newId?: () => string;
  /** Where corrupt rows are reported; they are skipped in lists and due queries. */
  log?: Log;
}

/**
 * The reminder store on one DynamoDB table (schema in `schema/`). Uses only single-item operations
 * with conditions — no transactions — so it runs unchanged on AWS, dynalite and DynamoDB Local.
 *
 * Every write that depends on what was read is conditional:
 * - `dueSk` is the optimistic-lock token of a waiting row: every writer that touches the row's place in
 *   the due index (claim, snooze, edit of time, retry, re-arm, pause) changes it, so a claim conditional
 *   on the `dueSk` it read wins at most once per state;
 * - `claimToken` proves a claimer still holds the row when it completes, retries or fails it.
 *
 * @example
 * const store = new DynamoDbReminderStore({ client: doc, tableName: 'nudge' });
 * const r = await store.createReminder({ chatId, text: 'stretch', work: 'message', schedule: { kind: 'once' }, tz: 'Europe/Berlin', dueAt }, new Date());
 */
export class DynamoDbReminderStore implements ReminderStore {
  private readonly ctx: StoreContext;

  constructor(options: DynamoDbReminderStoreOptions) {
    const dueShards = options.dueShards ?? DEFAULT_DUE_SHARDS;
    dueShard('probe', dueShards); // throws RangeError now rather than on the first write
    this.ctx = {
      client: options.client,
      tableName: checkNonEmpty(options.tableName, 'tableName'),
      dueShards,
      newId: options.newId ?? (() => ulid()),
      log: options.log ?? silentLog,
    };
  }

  getChatSettings(chatId: number): Promise<ChatSettings | undefined> {
    return chat.getChatSettings(this.ctx, chatId);
  }

  setChatTimezone(chatId: number, timezone: string, now: Date): Promise<ChatSettings> {
    return chat.setChatTimezone(this.ctx, chatId, timezone, now);
  }

  setChatLanguage(chatId: number, language: string, now: Date): Promise<ChatSettings> {
    return chat.setChatLanguage(this.ctx, chatId, language, now);
  }

  createReminder(input: NewReminder, now: Date): Promise<Reminder> {
    return rows.createReminder(this.ctx, input, now);
  }

  getReminder(chatId: number, id: string): Promise<Reminder | undefined> {
    return rows.getReminder(this.ctx, chatId, id);
  }

  getReminderByShortId(chatId: number, shortId: number): Promise<Reminder | undefined> {
    return rows.getReminderByShortId(this.ctx, chatId, shortId);
  }

  listReminders(chatId: number, options?: { limit?: number; cursor?: string }): Promise<Page<Reminder>> {
    return rows.listReminders(this.ctx, chatId, options);
  }

  cancelReminder(chatId: number, id: string): Promise<Reminder> {
    return rows.cancelReminder(this.ctx, chatId, id);
  }

  snoozeReminder(chatId: number, id: string, dueAt: Date, now: Date): Promise<Reminder> {
    return rows.snoozeReminder(this.ctx, chatId, id, dueAt, now);
  }

  editReminder(chatId: number, id: string, changes: { text?: string; dueAt?: Date; schedule?: Schedule }, now: Date): Promise<Reminder> {
    return rows.editReminder(this.ctx, chatId, id, changes, now);
  }

  markUpdateProcessed(updateId: number, now: Date, ttlSeconds: number, chatId?: number): Promise<boolean> {
    return chat.markUpdateProcessed(this.ctx, updateId, now, ttlSeconds, chatId);
  }

  isUpdateProcessed(updateId: number, now: Date): Promise<boolean> {
    return chat.isUpdateProcessed(this.ctx, updateId, now);
  }

  recordMessageOutcome(
    chatId: number,
    messageId: number,
    outcome: MessageOutcome,
    now: Date,
    ttlSeconds: number,
  ): Promise<RecordMessageOutcomeResult> {
    return outcomes.recordMessageOutcome(this.ctx, chatId, messageId, outcome, now, ttlSeconds);
  }

  getMessageOutcome(chatId: number, messageId: number, now: Date): Promise<MessageOutcomeRecord | undefined> {
    return outcomes.getMessageOutcome(this.ctx, chatId, messageId, now);
  }

  putDraft(input: DraftInput, now: Date, ttlSeconds: number): Promise<Draft> {
    return drafts.putDraft(this.ctx, input, now, ttlSeconds);
  }

  takeDraft(chatId: number, id: string, now: Date): Promise<Draft | undefined> {
    return drafts.takeDraft(this.ctx, chatId, id, now);
  }

  appendTurn(chatId: number, turn: { role: 'user' | 'assistant'; content: string }, now: Date, ttlSeconds: number): Promise<void> {
    return chat.appendTurn(this.ctx, chatId, turn, now, ttlSeconds);
  }

  listTurns(chatId: number, now: Date, limit: number): Promise<ConversationTurn[]> {
    return chat.listTurns(this.ctx, chatId, now, limit);
  }

  /** Newest first, expired entries left out. */
  listDeliveryLog(chatId: number, now: Date, limit?: number): Promise<DeliveryLogEntry[]> {
    return chat.listDeliveryLog(this.ctx, chatId, now, limit);
  }

  findDue(windowEnd: Date): Promise<FindDueResult> {
    return due.findDue(this.ctx, windowEnd);
  }

  get dueShards(): number {
    return this.ctx.dueShards;
  }

  findDuePage(shard: number, windowEnd: Date, options: DuePageOptions): Promise<DuePage> {
    return due.findDuePage(this.ctx, shard, windowEnd, options);
  }

  renewClaim(reminder: Reminder, token: string, leaseEnd: Date, now: Date): Promise<Reminder> {
    return due.renewClaim(this.ctx, reminder, token, leaseEnd, now);
  }

  claim(row: DueRow, options: ClaimOptions): Promise<Reminder> {
    return due.claim(this.ctx, row, options);
  }

  complete(reminder: Reminder, token: string, options: CompleteOptions): Promise<void> {
    return due.complete(this.ctx, reminder, token, options);
  }

  retryLater(reminder: Reminder, token: string, retryAt: Date, error: string, now: Date): Promise<Reminder> {
    return due.retryLater(this.ctx, reminder, token, retryAt, error, now);
  }

  fail(reminder: Reminder, token: string, reason: string, now: Date): Promise<Reminder> {
    return due.fail(this.ctx, reminder, token, reason, now);
  }

  pauseChat(chatId: number, reason: string, now: Date): Promise<number> {
    return pause.pauseChat(this.ctx, chatId, reason, now);
  }

  resumeChat(chatId: number, now: Date): Promise<number> {
    return pause.resumeChat(this.ctx, chatId, now);
  }
}
