import { z } from 'zod';
import { ChatId } from './items.ts';

/**
 * The table's two durable per-chat queues (#12): the inbox of Telegram updates the agent accepted but
 * has not finished, and the outbox of replies Telegram has not taken yet. Both live in a few fixed
 * partitions (`INBOX#<n>` / `OUTBOX#<n>`) so a restarted process or the sweeper finds every waiting
 * item with a handful of queries whose cost tracks the waiting items, not the table; within one, a
 * chat's items sort in arrival order under the `<chatId>#` prefix.
 */
export const QUEUE_SHARDS = 8;

const isoInstant = z.iso.datetime({ offset: false, precision: 3 });

/** Stable shard of a chat (FNV-1a of its id, mod QUEUE_SHARDS): one chat's items share one partition, in order. */
export function queueShard(chatId: number): number {
  const text = String(chatId);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % QUEUE_SHARDS;
}

export type QueueKind = 'INBOX' | 'OUTBOX';

export const queueKeys = {
  pk: (kind: QueueKind, chatId: number): string => `${kind}#${queueShard(chatId)}`,
  shardPk: (kind: QueueKind, shard: number): string => `${kind}#${shard}`,
  chatPrefix: (chatId: number): string => `${chatId}#`,
  /** Update ids grow per bot; zero-padded so text order is arrival order. */
  inboxSk: (chatId: number, updateId: number): string => `${chatId}#${String(updateId).padStart(12, '0')}`,
  outboxSk: (chatId: number, atIso: string, id: string): string => `${chatId}#${atIso}#${id}`,
} as const;

/** A Telegram update the agent answered "accepted" for: deleted once it has been acted on. */
export const InboxItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal('inbox'),
  chatId: ChatId,
  updateId: z.number().int(),
  /** The update as accepted (already validated by the shared Update schema). */
  update: z.record(z.string(), z.unknown()),
  receivedAt: isoInstant,
  /** A process working on it holds it until then; after a crash the item is free again. */
  leaseUntil: isoInstant.optional(),
  leaseToken: z.string().optional(),
  /** Times a process took it; an update that keeps killing its worker is given up after a few. */
  attempts: z.number().int().nonnegative(),
  expiresAt: z.number().int(),
});

/** A reply Telegram did not take (rate limit beyond the wait budget, 5xx): sent in order before the chat's newer replies. */
export const OutboxItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal('outbox'),
  chatId: ChatId,
  text: z.string(),
  buttons: z.array(z.array(z.record(z.string(), z.unknown()))).optional(),
  createdAt: isoInstant,
  /** Not tried again before this instant (Telegram's retry_after, or back-off). */
  nextAttemptAt: isoInstant,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  expiresAt: z.number().int(),
});

export type InboxItem = z.infer<typeof InboxItem>;
export type OutboxItem = z.infer<typeof OutboxItem>;
