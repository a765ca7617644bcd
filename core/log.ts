/** The slice of a structured logger the core needs; Powertools' Logger satisfies it, tests can pass a recorder. */
export type LogAttributes = Record<string, unknown>;

export interface Log {
  debug(message: string, ...extra: LogAttributes[]): void;
  info(message: string, ...extra: LogAttributes[]): void;
  warn(message: string, ...extra: LogAttributes[]): void;
  error(message: string, ...extra: LogAttributes[]): void;
}

/** A logger that drops everything, for tests that do not assert on logs. */
export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
