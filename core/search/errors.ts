/** A web search did not produce results. Subclasses say why; the agent maps each to one sentence for the person. */
export class SearchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchError';
  }
}

/** The provider said "too many requests" (HTTP 429 or a throttling error). */
export class SearchRateLimitedError extends SearchError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SearchRateLimitedError';
  }
}

/** The provider did not answer in time. */
export class SearchTimeoutError extends SearchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchTimeoutError';
  }
}

/** The provider failed (5xx, network, malformed answer) or refused our credentials. */
export class SearchUnavailableError extends SearchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchUnavailableError';
  }
}
