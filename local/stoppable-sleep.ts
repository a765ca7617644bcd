/** Thrown into waits that were cut short because local mode is shutting down. */
export class StackStoppingError extends Error {
  constructor() {
    super('local mode is shutting down');
    this.name = 'StackStoppingError';
  }
}

export interface StoppableSleep {
  sleep(ms: number): Promise<void>;
  /** Rejects every pending and future sleep with StackStoppingError. */
  stopAll(): void;
}

/**
 * The sweeper's `sleep`, cancellable on shutdown. A sweep waiting for a reminder's second must not
 * hold Ctrl-C for up to a minute; the waits come before the claim, so cutting one short leaves the
 * row unclaimed and due — it goes out on the next start.
 */
export function createStoppableSleep(): StoppableSleep {
  const pending = new Set<{ timer: NodeJS.Timeout; reject: (error: Error) => void }>();
  let stopped = false;
  return {
    sleep(ms) {
      if (stopped) return Promise.reject(new StackStoppingError());
      return new Promise<void>((resolve, reject) => {
        const entry = {
          timer: setTimeout(() => {
            pending.delete(entry);
            resolve();
          }, Math.max(0, ms)),
          reject,
        };
        pending.add(entry);
      });
    },
    stopAll() {
      stopped = true;
      for (const entry of pending) {
        clearTimeout(entry.timer);
        entry.reject(new StackStoppingError());
      }
      pending.clear();
    },
  };
}
