/** A context value that cannot be used; names the key so `cdk synth` says what to fix. */
export class ContextError extends Error {
  constructor(
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ContextError';
  }
}
