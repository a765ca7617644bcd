import { ScriptError } from './errors.ts';

/**
 * Turns the AWS SDK's errors into sentences that say what to do. Matches on the SDK's error
 * `name`, the only stable discriminator the SDK offers across its packages.
 */
export function explainAwsError(error: unknown, action: string): ScriptError {
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as Error)?.message ?? String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new ScriptError(
      `No AWS credentials found while trying to ${action}. Set AWS_PROFILE to a configured profile (~/.aws/config), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
      { cause: error },
    );
  }
  if (/Region is missing/i.test(message)) {
    return new ScriptError(`No AWS region set while trying to ${action}. Set AWS_REGION (e.g. AWS_REGION=us-east-1) or a region in your AWS profile.`, { cause: error });
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnrecognizedClientException' || name === 'ExpiredTokenException') {
    return new ScriptError(`AWS refused to ${action} (${name}): check that your credentials are current and allowed to use SSM parameters.`, { cause: error });
  }
  return new ScriptError(`Could not ${action}: ${name || 'error'}: ${message}`, { cause: error });
}
