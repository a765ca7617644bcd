/** The parts of local mode that listen on a port; start.ts maps each to the env var that sets it. */
export type LocalService = 'chat' | 'agent' | 'webhook' | 'telegram' | 'dynamo';

/** A port local mode wants is taken by another program (often a second `npm start`). */
export class PortInUseError extends Error {
  constructor(
    readonly service: LocalService,
    readonly host: string,
    readonly port: number,
    options?: { cause?: unknown },
  ) {
    super(`port ${port} on ${host} (${service}) is already in use`, options);
    this.name = 'PortInUseError';
  }
}

/** One part of the local stack failed to start; `cause` holds why. */
export class LocalStackStartError extends Error {
  constructor(
    readonly part: string,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`could not start ${part}: ${reason}`, options);
    this.name = 'LocalStackStartError';
  }
}

/** True when `error` (or anything in its cause chain) is a listen() failure because the address is taken. */
export function isAddressInUse(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 10; depth++) {
    if ((current as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
