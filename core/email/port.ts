/** A plain-text e-mail. `to` is always a verified address: the agent never takes one from the model. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** The chat it was sent for (a header in the local outbox; never sent to SES). */
  chatId: number;
}

/** SES v2 on AWS, the local outbox (.eml files) in local mode. Failures are typed (errors.ts). */
export interface MailSender {
  readonly kind: 'ses' | 'outbox';
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export interface VerifiedAddress {
  address: string;
  label: string;
  verifiedAt: string;
}

export interface PendingCode {
  address: string;
  label: string;
  codeHash: string;
  attempts: number;
  /** Epoch seconds. */
  expiresAt: number;
}

/** The chat's e-mail records in the table: verified addresses, the pending code, per-day send counts. */
export interface EmailBook {
  listVerified(chatId: number): Promise<VerifiedAddress[]>;
  addVerified(chatId: number, entry: { address: string; label: string }, now: Date): Promise<void>;
  /** True when it was there. */
  removeVerified(chatId: number, address: string): Promise<boolean>;
  /** Replaces any pending code of the chat. */
  putPendingCode(chatId: number, pending: Omit<PendingCode, 'attempts'>, now: Date): Promise<void>;
  /** The unexpired pending code, if any (an expired one is returned with `expired: true`). */
  getPendingCode(chatId: number, now: Date): Promise<(PendingCode & { expired: boolean }) | undefined>;
  /** Attempts + 1; returns the new count. */
  countWrongCode(chatId: number): Promise<number>;
  deletePendingCode(chatId: number): Promise<void>;
  /**
   * Takes one send from the chat's allowance for `day` (UTC yyyy-mm-dd): true when taken, false
   * when `limit` sends were already counted that day. Atomic, so concurrent sends cannot exceed it.
   */
  takeSend(chatId: number, day: string, limit: number, now: Date): Promise<boolean>;
}
