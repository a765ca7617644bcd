import { CorruptItemError, InvalidReminderInputError, ReminderAlreadyClaimedError, ReminderNotFoundError, StaleClaimError } from '../store/errors.ts';

/**
 * Answers from the store that are decisions, not failures: retrying cannot change them.
 * Everything else (throttling, 5xx, network) is worth a few quick tries.
 */
export function isStoreVerdict(error: unknown): boolean {
  return (
    error instanceof ReminderAlreadyClaimedError ||
    error instanceof StaleClaimError ||
    error instanceof ReminderNotFoundError ||
    error instanceof InvalidReminderInputError ||
    error instanceof CorruptItemError
  );
}

export interface StoreRetryPolicy {
  /** Tries in all, the first included. */
  tries: number;
  /** Delay before the second try; doubles after. */
  firstDelayMs: number;
}

/** Short: the row's second is now. The SDK has already retried underneath, so a throttle that reaches us is a burst. */
export const STORE_RETRY: StoreRetryPolicy = { tries: 4, firstDelayMs: 100 };

/**
 * Recording a delivery tries harder (~13 s in all): the message is already out, and giving up here is
 * exactly the window in which the row comes back after its lease and is sent a second time.
 */
export const COMPLETION_RETRY: StoreRetryPolicy = { tries: 8, firstDelayMs: 100 };

/**
 * Runs `operation`, trying again after transient store errors (with jittered doubling delays).
 * Store verdicts (already claimed, stale claim, not found, invalid input, corrupt item) are rethrown at once.
 */
export async function withStoreRetry<T>(
  operation: () => Promise<T>,
  sleep: (ms: number) => Promise<void>,
  random: () => number,
  policy: StoreRetryPolicy = STORE_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (isStoreVerdict(error) || attempt >= policy.tries) throw error;
      const step = policy.firstDelayMs * 2 ** (attempt - 1);
      await sleep(Math.round(step / 2 + (step / 2) * random()));
    }
  }
}
