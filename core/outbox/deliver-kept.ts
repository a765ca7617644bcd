import type { Log } from '../log.ts';
import type { OutboxEntry, ReplyOutbox } from '../store/queue-port.ts';
import type { SendOutcome, TelegramClient } from '../telegram/port.ts';

/** A kept reply is held this long while one worker sends it, so the agent and the sweeper never both send it. */
export const KEPT_REPLY_LEASE_MS = 60_000;
/** The soonest a reply Telegram did not take is tried again, whatever Telegram said. */
export const KEPT_REPLY_MIN_WAIT_MS = 3_000;
/** Longest wait between tries (5xx back-off doubles up to this). */
const KEPT_REPLY_MAX_WAIT_MS = 10 * 60_000;

export interface KeptReplyDeps {
  outbox: ReplyOutbox;
  telegram: TelegramClient;
  clock: () => Date;
  log: Log;
}

export interface KeptReplyResult {
  sent: number;
  /** When the chat's oldest kept reply may be tried next; absent when none is left. */
  nextAttemptAt?: Date;
}

/** When a reply Telegram did not take is tried again: Telegram's retry_after, else back-off by attempts. */
export function nextAttemptAfter(outcome: SendOutcome, attempts: number, now: Date): Date {
  const backoff = Math.min(KEPT_REPLY_MAX_WAIT_MS, KEPT_REPLY_MIN_WAIT_MS * 2 ** Math.max(0, attempts - 1));
  const retryAfter = outcome.kind === 'retry' ? (outcome.retryAfterMs ?? 0) : 0;
  return new Date(now.getTime() + Math.max(KEPT_REPLY_MIN_WAIT_MS, retryAfter || backoff));
}

/**
 * Sends a chat's kept replies, oldest first, stopping at the first one that is not due or not taken
 * (so they keep their order). Delivered and maybe-delivered ones leave the outbox (a maybe-delivered
 * reply is not repeated, as everywhere); one Telegram refuses for good is dropped with an error log;
 * one it defers is postponed. Store errors propagate: the items stay and the next drain tries again.
 */
export async function deliverKeptReplies(deps: KeptReplyDeps, chatId: number, until?: Date): Promise<KeptReplyResult> {
  const result: KeptReplyResult = { sent: 0 };
  for (const entry of await deps.outbox.waiting(chatId)) {
    const now = deps.clock();
    if (until && now.getTime() >= until.getTime()) return result;
    if (Date.parse(entry.nextAttemptAt) > now.getTime()) {
      result.nextAttemptAt = new Date(entry.nextAttemptAt);
      return result;
    }
    const taken = await deps.outbox.take(entry, KEPT_REPLY_LEASE_MS, now);
    if (!taken) {
      // Another worker holds it; it comes round again after that worker is done.
      result.nextAttemptAt = new Date(now.getTime() + KEPT_REPLY_LEASE_MS);
      return result;
    }
    const outcome = await sendKept(deps, taken);
    if (outcome.kind === 'retry') {
      const at = nextAttemptAfter(outcome, taken.attempts, deps.clock());
      await deps.outbox.postpone(taken, at, outcome.reason);
      deps.log.info('kept reply still not taken by Telegram; tried again later', { chatId, attempts: taken.attempts, reason: outcome.reason, nextAttemptAt: at.toISOString() });
      result.nextAttemptAt = at;
      return result;
    }
    if (outcome.kind === 'permanent') deps.log.error('kept reply refused by Telegram; dropped', { chatId, attempts: taken.attempts, reason: outcome.reason });
    else if (outcome.kind === 'maybe-delivered') deps.log.warn('kept reply maybe delivered; not repeated', { chatId, reason: outcome.reason });
    await deps.outbox.remove(taken);
    if (outcome.kind !== 'permanent') result.sent++;
  }
  return result;
}

async function sendKept(deps: KeptReplyDeps, entry: OutboxEntry): Promise<SendOutcome> {
  try {
    return await deps.telegram.sendMessage(entry.chatId, entry.text, entry.buttons ? { buttons: entry.buttons as never } : {});
  } catch (error) {
    return { kind: 'retry', reason: `telegram client threw: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Every chat's due kept replies (the sweeper's backstop for an agent session that ended with replies kept).
 * With `until`, no reply is taken from then on: a run cut off by its Lambda timeout mid-send would leave a
 * taken reply that may have reached Telegram, to be sent again once its lease ran out.
 */
export async function deliverAllKeptReplies(deps: KeptReplyDeps, options: { until?: Date } = {}): Promise<number> {
  let sent = 0;
  for (const chatId of await deps.outbox.chatsWaiting()) {
    if (options.until && deps.clock().getTime() >= options.until.getTime()) {
      deps.log.info('kept replies left for the next run: this run is out of time', { chatId });
      break;
    }
    try {
      sent += (await deliverKeptReplies(deps, chatId, options.until)).sent;
    } catch (error) {
      deps.log.error('kept replies could not be sent; they stay kept', { chatId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  return sent;
}
