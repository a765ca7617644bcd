import { ConfigError, type Env } from '../core/config/env.ts';
import { redactToken } from '../core/telegram/index.ts';
import { chooseBrain } from './brain.ts';
import { formatBanner } from './banner.ts';
import { createConsoleLog } from './console-log.ts';
import { DataDirLockedError } from './data-dir-lock.ts';
import { PortInUseError } from './errors.ts';
import { readLocalSettings, PORT_SETTINGS } from './settings.ts';
import { startLocalStack, type LocalStack } from './stack.ts';
import { readLocalToolSettings } from './agent-tools.ts';

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
    ...(settings.dueShards !== undefined ? { dueShards: settings.dueShards } : {}),
    ...(settings.maxActiveReminders !== undefined ? { maxActiveReminders: settings.maxActiveReminders } : {}),
    ...(settings.telegramToken ? { telegramToken: settings.telegramToken } : {}),
    ...(brain.model ? { model: brain.model } : {}),
    tools: readLocalToolSettings(io.env),
  });
  io.out(formatBanner({ stack, brain: brain.description, defaultTimezone: settings.defaultTimezone, tools: stack.tools.description }));
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

/** Signals closer together than this are one Ctrl-C delivered twice (process group + forwarding parent). */
export const SAME_CTRL_C_MS = 2_000;
/** How long a forced exit waits for the lock file to be removed. */
const RELEASE_BUDGET_MS = 1_000;

export interface ShutdownIo {
  err: (text: string) => void;
  exit: (code: number) => void;
  /** A monotonic clock in ms; default `performance.now`. */
  now?: () => number;
  /** The bot token, kept out of any error printed. */
  token?: string;
}

/**
 * The SIGINT/SIGTERM handler of `npm start`. The first signal stops the stack and exits 0 ("Stopped.")
 * or 1. One Ctrl-C can arrive twice within milliseconds — the terminal signals the whole process
 * group and a parent (npm, or tsx run as a CLI) forwards it once more — so signals within
 * {@link SAME_CTRL_C_MS} of the first are ignored. A later one means "now": it releases the
 * data-folder lock (the data itself is safe: dynalite's LevelDB survives kill -9) and exits 130.
 */
export function createShutdownHandler(stack: Pick<LocalStack, 'stop' | 'releaseDataDir'>, io: ShutdownIo): (signal: NodeJS.Signals) => void {
  const now = io.now ?? (() => performance.now());
  let firstSignalAt: number | undefined;
  return (signal) => {
    const at = now();
    if (firstSignalAt !== undefined) {
      if (at - firstSignalAt < SAME_CTRL_C_MS) return;
      io.err('Stopping at once.');
      let budget: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        budget = setTimeout(resolve, RELEASE_BUDGET_MS);
      });
      void Promise.race([stack.releaseDataDir().catch(() => undefined), timedOut]).then(() => {
        clearTimeout(budget);
        io.exit(130);
      });
      return;
    }
    firstSignalAt = at;
    io.err(`\n${signal}: stopping Nudge…`);
    stack.stop().then(
      () => {
        io.err('Stopped. Your reminders are kept.');
        io.exit(0);
      },
      (error: unknown) => {
        io.err(`Stopped with errors: ${redactToken(startupFailureMessage(error), io.token)}`);
        io.exit(1);
      },
    );
  };
}
