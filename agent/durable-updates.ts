import { randomUUID } from 'node:crypto';
import type { InboxEntry, UpdateInbox } from '../core/store/queue-port.ts';
import type { AgentDeps } from './deps.ts';
import { TelegramUpdate } from './payload.ts';

/** How long a worker holds an update: longer than the slowest model conversation, short enough that a crashed session's update comes back soon. */
export const INBOX_LEASE_MS = 3 * 60_000;

/**
 * Takes per update before it is given up as poison: an update whose handling kills the process (or
 * fails to be recorded) every time must not hold the chat's later updates up forever.
 */
export const MAX_UPDATE_ATTEMPTS = 3;

/** What draining did, for logs and tests. */
export interface DrainResult {
  handled: number;
  poisoned: number;
  /** Another worker holds the chat's oldest update; later ones wait behind it, in order. */
  heldElsewhere: boolean;
}

/**
 * Works through one chat's stored updates, oldest first: take (a lease), act, remove. Runs in the
 * chat's lane of the work queue, so one process never works a chat twice at once; the lease keeps two
 * processes apart. An update taken MAX_UPDATE_ATTEMPTS times without being removed is dropped with an
 * error log (a crash every time, or a store that never records it) rather than retried for ever.
 *
 * The duplicate window: the update was acted on, then the process died before `finish` removed it —
 * it is acted on once more when the chat is drained again (`test/agent/durable-updates.test.ts`).
 */
export async function drainInbox(deps: AgentDeps & { inbox: UpdateInbox }, chatId: number, act: (update: TelegramUpdate) => Promise<void>): Promise<DrainResult> {
  const result: DrainResult = { handled: 0, poisoned: 0, heldElsewhere: false };
  const waiting = await deps.inbox.waiting(chatId);
  for (const entry of waiting) {
    const token = randomUUID();
    const taken = await deps.inbox.take(entry, token, INBOX_LEASE_MS, deps.clock(), deps.inboxSingleProcess === true);
    if (!taken) {
      // Held by another worker (or gone): its later updates must not overtake it.
      result.heldElsewhere = true;
      break;
    }
    const parsed = TelegramUpdate.safeParse(taken.update);
    if (taken.attempts > MAX_UPDATE_ATTEMPTS || !parsed.success) {
      deps.log.error('update given up: it could not be handled', { chatId, updateId: taken.updateId, attempts: taken.attempts, reason: parsed.success ? 'too many attempts' : 'not an update' });
      await deps.inbox.finish(taken, token);
      result.poisoned++;
      continue;
    }
    await act(parsed.data);
    await deps.inbox.finish(taken, token);
    result.handled++;
  }
  return result;
}

/** Chats with stored updates, for a restarted agent to resume (a few queries, whatever the table's size). */
export function chatsWithWaitingUpdates(inbox: UpdateInbox): Promise<number[]> {
  return inbox.chatsWaiting();
}

export type { InboxEntry };
