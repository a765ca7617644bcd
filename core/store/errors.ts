import type { ReminderItem } from '../../schema/index.ts';

/** Base of every store error: callers check `instanceof`, never messages. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Why an input was rejected, for callers that word their own sentence (never parse `message`):
 * `too_long` carries the length and the limit.
 */
export type InvalidInputReason =
  | { kind: 'empty' }
  | { kind: 'too_long'; length: number; limit: number }
  | { kind: 'not_future' };

/** Input rejected before anything was written (empty text, past due time, bad zone, bad chat id). */
export class InvalidReminderInputError extends StoreError {
  /** Set where the store knows more than the field (text, due time); absent means "malformed". */
  readonly reason?: InvalidInputReason;

  constructor(
    readonly field: string,
    message: string,
    options?: { reason?: InvalidInputReason; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.reason) this.reason = options.reason;
  }
}

export class ReminderNotFoundError extends StoreError {
  constructor(
    readonly chatId: number,
    readonly ref: string,
  ) {
    super(`reminder ${ref} not found in chat ${chatId}`);
  }
}

export class ChatNotFoundError extends StoreError {
  constructor(readonly chatId: number) {
    super(`chat ${chatId} has no settings`);
  }
}

/** Someone else claimed (or changed) the row since it was read. `current` is the row as it is now, if known. */
export class ReminderAlreadyClaimedError extends StoreError {
  constructor(
    readonly reminderId: string,
    readonly current?: ReminderItem,
    options?: { cause?: unknown },
  ) {
    super(`reminder ${reminderId} was claimed or changed by someone else`, options);
  }
}

/** Complete / retry / fail with a claim token that no longer holds the row (lease ran out and another run took it). */
export class StaleClaimError extends StoreError {
  constructor(
    readonly reminderId: string,
    options?: { cause?: unknown },
  ) {
    super(`claim on reminder ${reminderId} is no longer held`, options);
  }
}

/** A row read back does not match its schema (hand-edited in the console, or written by an older version). */
export class CorruptItemError extends StoreError {
  constructor(
    readonly key: { pk: string; sk: string },
    readonly issues: string,
    options?: { cause?: unknown },
  ) {
    super(`item ${key.pk} / ${key.sk} does not match its schema: ${issues}`, options);
  }
}
