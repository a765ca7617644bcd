import { deliverKeptReplies, nextAttemptAfter, type KeptReplyDeps } from '../core/outbox/deliver-kept.ts';
import type { SendOptions, SendOutcome } from '../core/telegram/port.ts';

/**
 * Replies that must not be dropped (#12 item 5): a reply Telegram does not take now (a long 429, 5xx)
 * is kept in the table's outbox and sent later, in order — a chat's newer replies queue behind kept
 * ones. A timer in this process sends them when Telegram allows; the sweeper is the backstop when the
 * process is gone by then.
 */
export class KeptReplies {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly deps: KeptReplyDeps) {}

  /** Sends now, or keeps the reply (behind any kept before it); the outcome says what happened now. */
  async send(chatId: number, text: string, options: SendOptions = {}): Promise<SendOutcome> {
    const reply = { text, ...(options.buttons ? { buttons: options.buttons } : {}) };
    // Older kept replies go first: try them, and keep this one behind them if any are left.
    const earlier = (await this.deps.outbox.waiting(chatId)).length > 0 ? await this.drain(chatId) : undefined;
    if (earlier?.nextAttemptAt) {
      const now = this.deps.clock();
      await this.deps.outbox.keep(chatId, reply, now, earlier.nextAttemptAt, 'behind an earlier kept reply');
      return { kind: 'retry', reason: 'kept behind an earlier reply', retryAfterMs: earlier.nextAttemptAt.getTime() - now.getTime() };
    }
    const outcome = await this.deps.telegram.sendMessage(chatId, text, options);
    if (outcome.kind === 'retry') {
      const now = this.deps.clock();
      const at = nextAttemptAfter(outcome, 1, now);
      await this.deps.outbox.keep(chatId, reply, now, at, outcome.reason);
      this.deps.log.warn('reply kept: Telegram did not take it now; it is sent later, in order', { chatId, reason: outcome.reason, nextAttemptAt: at.toISOString() });
      this.wake(chatId, at);
    }
    return outcome;
  }

  /** Sends what is due for the chat and sets a timer for the rest. */
  async drain(chatId: number): Promise<{ nextAttemptAt?: Date }> {
    const result = await deliverKeptReplies(this.deps, chatId);
    if (result.nextAttemptAt) this.wake(chatId, result.nextAttemptAt);
    return result;
  }

  /** Stops the timers; what is kept stays in the table for the sweeper or the next start. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  get pending(): number {
    return this.timers.size;
  }

  private wake(chatId: number, at: Date): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(chatId));
    const timer = setTimeout(() => {
      this.timers.delete(chatId);
      this.drain(chatId).catch((error: unknown) => this.deps.log.error('kept replies could not be sent; they stay kept', { chatId, error: String(error) }));
    }, Math.max(0, at.getTime() - this.deps.clock().getTime()));
    timer.unref();
    this.timers.set(chatId, timer);
  }
}
