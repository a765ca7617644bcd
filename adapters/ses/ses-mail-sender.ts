import {
  AccountSuspendedException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SendEmailCommand,
  SendingPausedException,
  TooManyRequestsException,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';
import { MailRejectedError, MailThrottledError, MailUnavailableError } from '../../core/email/errors.ts';
import type { MailSender, OutgoingMail } from '../../core/email/port.ts';

/**
 * Amazon SES v2 `SendEmail` with Simple (plain-text) content. The client comes in ready-made (region
 * and, in tests, an endpoint); IAM allows only the configured identity. SES errors become typed
 * mail errors; the raw error stays as `cause` for the log.
 */
export function createSesMailSender(client: SESv2Client): MailSender {
  return {
    kind: 'ses',
    async send(mail: OutgoingMail) {
      try {
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: mail.from,
            Destination: { ToAddresses: [mail.to] },
            Content: {
              Simple: {
                Subject: { Data: mail.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
              },
            },
          }),
        );
        return { messageId: out.MessageId ?? 'unknown' };
      } catch (error) {
        throw classifySesError(error, mail);
      }
    },
  };
}

function classifySesError(error: unknown, mail: OutgoingMail): Error {
  if (error instanceof MessageRejected) {
    // SES uses one error type for both sandbox cases; only its text names the identity that failed.
    const text = error.message.toLowerCase();
    if (text.includes('not verified')) {
      const reason = text.includes(mail.to.toLowerCase()) || !text.includes(mail.from.toLowerCase()) ? 'recipient_not_verified_in_ses' : 'sender_not_verified';
      return new MailRejectedError(`SES rejected the message: ${reason}`, reason, { cause: error });
    }
    return new MailRejectedError('SES rejected the message', 'rejected', { cause: error });
  }
  if (error instanceof MailFromDomainNotVerifiedException) return new MailRejectedError('SES: sender domain not verified', 'sender_not_verified', { cause: error });
  if (error instanceof TooManyRequestsException || error instanceof LimitExceededException) {
    return new MailThrottledError(`SES is throttling (${error.name})`, { cause: error });
  }
  if (error instanceof SendingPausedException || error instanceof AccountSuspendedException) {
    return new MailUnavailableError(`SES sending is paused for the account (${error.name})`, { cause: error });
  }
  const name = error instanceof Error ? error.name : 'unknown error';
  if (name === 'ThrottlingException') return new MailThrottledError('SES is throttling', { cause: error });
  return new MailUnavailableError(`SES failed: ${name}`, { cause: error });
}
