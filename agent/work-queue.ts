/**
 * One promise chain per chat: a chat's work runs one job at a time, in arrival order, while
 * different chats run side by side. A job that throws is reported to `onError` and never breaks
 * the chain (the next job of the same chat still runs) or touches another chat's chain.
 */
export class ChatWorkQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly onError: (key: string, error: unknown) => void | Promise<void>,
    /** Told when the queue goes from idle to busy (true) and back (false). */
    private readonly onBusyChange: (busy: boolean) => void = () => {},
  ) {}

  /** Jobs queued or running, across all chats. */
  get size(): number {
    return this.pending;
  }

  /** Queues `job` behind the chat's earlier jobs; returns at once. */
  enqueue(key: string, job: () => Promise<void>): void {
    if (this.pending++ === 0) this.onBusyChange(true);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous
      .then(job)
      .catch(async (error: unknown) => {
        try {
          await this.onError(key, error);
        } catch {
          // The error reporter failing must not stall the chain either.
        }
      })
      .finally(() => this.settle(key, next));
    this.tails.set(key, next);
  }

  /** Resolves once every queued job (including ones queued meanwhile) has finished. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settle(key: string, finished: Promise<void>): void {
    // Drop the chain once its last job is done so a long-lived process does not keep a key per chat ever seen.
    if (this.tails.get(key) === finished) this.tails.delete(key);
    if (--this.pending === 0) {
      this.onBusyChange(false);
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
