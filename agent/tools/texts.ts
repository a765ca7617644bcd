import { MailRejectedError, MailThrottledError } from '../../core/email/errors.ts';
import { SearchRateLimitedError, SearchTimeoutError } from '../../core/search/errors.ts';

/** Every sentence the search, e-mail and memory features say to a person (or to the model to relay). */
export const TOOL_TEXT = {
  searchNoResults: (query: string) => `The web search for "${query}" found nothing. Try other words, or answer from what you know and say so.`,
  searchNotSetUp: 'Web search is not set up for this bot, so I cannot look things up online. (The admin can turn it on; the README says how.)',
  emailNotSetUp: 'E-mail is not set up for this bot, so I cannot send or verify e-mail addresses. (The admin can turn it on; the README says how.)',
  noVerifiedAddress: 'There is no verified e-mail address in this chat yet. Add one with /email you@example.com (I send a 6-digit code there), then /email verify <code>.',
  notAVerifiedAddress: (labels: string[]) =>
    `Refused: I only e-mail addresses this chat verified with /email, picked by label${labels.length ? ` (${labels.join(', ')})` : ''}. Nothing was sent. To add an address: /email you@example.com`,
  whichAddress: (labels: string[]) => `This chat has several verified addresses: ${labels.join(', ')}. Say which label to use. Nothing was sent.`,
  dailyLimit: (limit: number) => `This chat has reached its limit of ${limit} e-mails today (UTC). Nothing was sent; it resets at midnight UTC.`,
  emailSent: (subject: string, label: string, masked: string) => `📧 E-mailed "${subject}" to ${label} (${masked}).`,
  tooManyInOneRequest: 'Refused: at most 3 e-mails per request. Nothing more was sent.',
} as const;

/** One sentence for a failed search, whatever the provider. */
export function searchFailureText(error: unknown): string {
  if (error instanceof SearchRateLimitedError) {
    return `Web search is busy right now (the provider's rate limit was reached)${error.retryAfterSeconds ? `; it should work again in about ${error.retryAfterSeconds} s` : ''}. Nothing was found this time — answer without it and say so.`;
  }
  if (error instanceof SearchTimeoutError) return 'Web search did not answer in time. Nothing was found this time — answer without it and say so, or suggest trying again shortly.';
  return 'Web search is not working right now (the provider failed). Nothing was found this time — answer without it and say so, or suggest trying again later.';
}

/** One sentence for a failed e-mail; never the address in full, never a raw provider error. */
export function mailFailureText(error: unknown, masked: string): string {
  if (error instanceof MailRejectedError) {
    if (error.reason === 'recipient_not_verified_in_ses') {
      return `The e-mail to ${masked} was not sent: the mail service is still in its sandbox and only delivers to addresses verified with Amazon SES itself. The bot's admin must verify ${masked} in SES or request production access.`;
    }
    if (error.reason === 'sender_not_verified') return "The e-mail was not sent: the bot's sender address is not verified with the mail service. The bot's admin must fix that.";
    return `The mail service refused the e-mail to ${masked}. Nothing was sent.`;
  }
  if (error instanceof MailThrottledError) return 'The mail service is busy (sending rate or quota reached). Nothing was sent; try again in a few minutes.';
  return 'The mail service is not working right now. Nothing was sent; try again later.';
}
