import type { Log, LogAttributes } from '../core/log.ts';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type ConsoleLogLevel = (typeof LEVELS)[number];

/**
 * A terminal-friendly {@link Log} for `npm start`: one short line per event
 * (`12:00:05 info  update relayed chatId=1001`) instead of Lambda's JSON lines.
 * Attribute values go through JSON, so a SecretValue prints as "[secret]".
 */
export function createConsoleLog(options: { level?: ConsoleLogLevel; write?: (line: string) => void; clock?: () => Date } = {}): Log {
  const min = LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const emit = (level: ConsoleLogLevel) => (message: string, ...extra: LogAttributes[]) => {
    if (LEVELS.indexOf(isUneventful(message, extra) ? 'debug' : level) < min) return;
    const time = clock().toISOString().slice(11, 19);
    const attributes = extra
      .flatMap((attrs) => Object.entries(attrs))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    write(`${time} ${level.padEnd(5)} ${message}${attributes ? ` ${attributes}` : ''}`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/**
 * A sweep that found nothing runs every minute; in a terminal that is noise, so it shows only at
 * debug level. Sweeps that delivered, retried or failed something still show.
 */
function isUneventful(message: string, extra: LogAttributes[]): boolean {
  if (message !== 'sweep finished') return false;
  const report = Object.assign({}, ...extra) as Record<string, unknown>;
  return ['dueFound', 'delivered', 'retried', 'failed', 'storeErrors'].every((key) => !report[key]);
}

/** Parses a level name, e.g. from NUDGE_LOG_LEVEL; undefined when it is not one. */
export function parseConsoleLogLevel(raw: string | undefined): ConsoleLogLevel | undefined {
  const level = raw?.trim().toLowerCase();
  return LEVELS.find((candidate) => candidate === level);
}
