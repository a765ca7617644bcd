/**
 * Why an admin command stopped, as one sentence for the person at the terminal. Errors are typed
 * here and turned into text in `describeFailure` only: nothing reaches the terminal as a stack trace.
 */

/** Wrong flags or arguments: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** Nothing answered at the endpoint (refused, timed out, unknown host). */
export class EndpointUnreachableError extends Error {
  constructor(
    readonly endpoint: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot reach DynamoDB at ${endpoint} (${detail})`, options);
    this.name = 'EndpointUnreachableError';
  }
}

/** The endpoint answered, but has no table of that name. `known` lists the tables it has, when it would say. */
export class TableNotFoundError extends Error {
  constructor(
    readonly tableName: string,
    readonly known?: string[],
    options?: { cause?: unknown },
  ) {
    super(`table "${tableName}" does not exist`, options);
    this.name = 'TableNotFoundError';
  }
}

/** A reminder or chat the command was pointed at is not in the table, or is in a state the command cannot act on. */
export class AdminLookupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdminLookupError';
  }
}

/** Network failures the SDK reports with a Node error code rather than an HTTP answer. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** True when `error` says nothing answered at the other end (as opposed to DynamoDB saying no). */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  // The SDK's connection/request timeouts surface as TimeoutError without an HTTP status.
  return error.name === 'TimeoutError' && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === undefined;
}

/** The part of an `AdminTarget` a failure message names (structural, so this file does not import the target). */
export interface FailureWhere {
  local: boolean;
  endpoint?: string;
  region?: string;
}

/** One paragraph saying what went wrong and what to try, for stderr. */
export function describeFailure(error: unknown, target: FailureWhere | undefined): string {
  if (error instanceof EndpointUnreachableError) {
    const hint = target?.local
      ? `Is \`npm start\` running? Local mode serves its table (kept in NUDGE_DATA_DIR, default ./.data) on 127.0.0.1:NUDGE_DYNAMO_PORT (default 8084).`
      : 'Check --endpoint / DYNAMODB_ENDPOINT.';
    return `${error.message}. ${hint}`;
  }
  if (error instanceof TableNotFoundError) {
    const where = target?.endpoint ? ` at ${target.endpoint}` : ` in ${target?.region ?? 'this'} region`;
    const known = error.known === undefined ? '' : error.known.length === 0 ? ' (it has no tables)' : ` (tables there: ${error.known.join(', ')})`;
    return `${error.message}${where}${known}. Pass --table <name> or set NUDGE_TABLE_NAME.`;
  }
  if (error instanceof AdminLookupError || error instanceof UsageError) return error.message;
  if (error instanceof Error) {
    if (error.message === 'Region is missing') {
      return 'no AWS region is configured: set AWS_REGION (or AWS_PROFILE with a region), or pass --endpoint for a local table.';
    }
    if (error.name === 'CredentialsProviderError') {
      return `no AWS credentials found through the SDK's default chain (environment, AWS_PROFILE / SSO, instance role): ${error.message}`;
    }
    if (['AccessDeniedException', 'UnrecognizedClientException', 'ExpiredTokenException', 'InvalidSignatureException'].includes(error.name)) {
      return `DynamoDB refused the request (${error.name}): ${error.message}`;
    }
    return `${error.name}: ${error.message}`;
  }
  return String(error);
}
