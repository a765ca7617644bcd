import { Logger } from '@aws-lambda-powertools/logger';

/** The slice of a structured logger the core needs; Powertools' Logger satisfies it, tests can pass a recorder. */
export type LogAttributes = Record<string, unknown>;

export interface Log {
  debug(message: string, ...extra: LogAttributes[]): void;
  info(message: string, ...extra: LogAttributes[]): void;
  warn(message: string, ...extra: LogAttributes[]): void;
  error(message: string, ...extra: LogAttributes[]): void;
}

/** JSON lines on stdout, as Lambda and CloudWatch expect. `NUDGE_LOG_LEVEL` / `POWERTOOLS_LOG_LEVEL` set the level. */
export function createLog(serviceName: string, level?: string): Log {
  return new Logger({ serviceName, ...(level ? { logLevel: level as 'INFO' } : {}) });
}

/** A logger that drops everything, for tests that do not assert on logs. */
export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
