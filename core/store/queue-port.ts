import type { InboxItem, OutboxItem } from '../../schema/index.ts';
import type { InlineKeyboardButton } from '../telegram/port.ts';

export type InboxEntry = InboxItem;
export type OutboxEntry = OutboxItem;

/**
 * Telegram updates the agent has said "accepted" for and not yet acted on (durable before
 * acknowledged). One item per update id; a chat's items come back in update order.
 */
export interface UpdateInbox {
  /** Stores the update unless it is already there: true when stored now, false when it was waiting already. */
  accept(chatId: number, update: { update_id: number } & Record<string, unknown>, now: Date): Promise<boolean>;
  /** The chat's waiting updates, oldest first. */
  waiting(chatId: number): Promise<InboxEntry[]>;
  /** Chats with waiting updates (a few queries, whatever the table's size). */
  chatsWaiting(): Promise<number[]>;
  /**
   * Takes the item for `leaseMs` (attempts + 1) if no one holds it, or if `takeOver` (the only process
   * that can hold it has restarted). False when someone else holds it or it is gone.
   */
  take(entry: InboxEntry, token: string, leaseMs: number, now: Date, takeOver?: boolean): Promise<InboxEntry | undefined>;
  /** Acted on: removes the item if `token` still holds it. */
  finish(entry: InboxEntry, token: string): Promise<void>;
}

export interface KeptReply {
  text: string;
  buttons?: InlineKeyboardButton[][];
}

/** Replies Telegram did not take yet, kept in the table and sent in order per chat. */
export interface ReplyOutbox {
  keep(chatId: number, reply: KeptReply, now: Date, nextAttemptAt: Date, error: string): Promise<OutboxEntry>;
  /** The chat's kept replies, oldest first. */
  waiting(chatId: number): Promise<OutboxEntry[]>;
  chatsWaiting(): Promise<number[]>;
  /** Takes the item for `leaseMs` if it is due (nextAttemptAt <= now); undefined when not due or taken. */
  take(entry: OutboxEntry, leaseMs: number, now: Date): Promise<OutboxEntry | undefined>;
  /** Not sent this time: due again at `nextAttemptAt`. */
  postpone(entry: OutboxEntry, nextAttemptAt: Date, error: string): Promise<void>;
  remove(entry: OutboxEntry): Promise<void>;
}
