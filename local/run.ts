import { ConfigError, type Env } from '../core/config/env.ts';
import { chooseBrain } from './brain.ts';
import { formatBanner } from './banner.ts';
import { createConsoleLog } from './console-log.ts';
import { DataDirLockedError } from './data-dir-lock.ts';
import { PortInUseError } from './errors.ts';
import { readLocalSettings, PORT_SETTINGS } from './settings.ts';
import { startLocalStack, type LocalStack } from './stack.ts';

export interface LocalModeIo {
  env: Env;
  cwd: string;
  machineZone: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * `npm start`: reads the settings, starts the stack, prints the banner. Resolves with the running
 * stack; rejects with an error whose message is fit to show as is (see {@link startupFailureMessage}).
 */
export async function runLocalMode(io: LocalModeIo): Promise<LocalStack> {
  const settings = readLocalSettings(io.env, { cwd: io.cwd, machineZone: io.machineZone });
  const log = createConsoleLog({ level: settings.logLevel, write: io.err });
  const brain = await chooseBrain(io.env);
  if (brain.warning) log.warn(brain.warning);
  const stack = await startLocalStack({
    dataDir: settings.dataDir,
    host: settings.host,
    ports: settings.ports,
    log,
    sweepIntervalMs: settings.sweepIntervalMs,
    defaultTimezone: settings.defaultTimezone,
    allowedUserIds: settings.allowedUserIds,
    ...(settings.telegramToken ? { telegramToken: settings.telegramToken } : {}),
    ...(brain.model ? { model: brain.model } : {}),
  });
  io.out(formatBanner({ stack, brain: brain.description, defaultTimezone: settings.defaultTimezone }));
  return stack;
}

/** One clear sentence (or two) for a failed start, naming the setting to change where there is one. */
export function startupFailureMessage(error: unknown): string {
  if (error instanceof PortInUseError) {
    const setting = PORT_SETTINGS[error.service];
    return (
      `port ${error.port} on ${error.host} is already in use (${setting.what}). ` +
      `Set ${setting.env} to a free port, or stop the program using it (another npm start?).`
    );
  }
  if (error instanceof DataDirLockedError || error instanceof ConfigError) return error.message;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
