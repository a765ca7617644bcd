/** An e-mail was not sent. Subclasses say why; the agent maps each to one sentence for the person. */
export class MailError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailError';
  }
}

/**
 * The mail service refused this message or recipient — e.g. SES in its sandbox accepts only
 * recipients verified in SES itself (`MessageRejected: Email address is not verified`).
 */
export class MailRejectedError extends MailError {
  constructor(
    message: string,
    readonly reason: 'recipient_not_verified_in_ses' | 'sender_not_verified' | 'rejected',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailRejectedError';
  }
}

/** The mail service is throttling us or the account's sending quota is used up. */
export class MailThrottledError extends MailError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailThrottledError';
  }
}

/** The mail service failed or could not be reached. */
export class MailUnavailableError extends MailError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailUnavailableError';
  }
}
