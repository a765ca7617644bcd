import { resolve } from 'node:path';
import { ConfigError, integer, integerList, optionalString, type Env } from '../core/config/env.ts';
import { readDueShards } from '../core/config/due-shards.ts';
import { isValidZone } from '../schema/index.ts';
import { parseConsoleLogLevel, type ConsoleLogLevel } from './console-log.ts';
import type { LocalService } from './errors.ts';

/** The env var that sets each part's port, and its default: distinct, next to each other, easy to remember. */
export const PORT_SETTINGS: Record<LocalService, { env: string; fallback: number; what: string }> = {
  chat: { env: 'NUDGE_CHAT_PORT', fallback: 8080, what: 'chat page' },
  agent: { env: 'NUDGE_AGENT_PORT', fallback: 8081, what: 'agent server' },
  webhook: { env: 'NUDGE_WEBHOOK_PORT', fallback: 8082, what: 'webhook endpoint' },
  telegram: { env: 'NUDGE_TELEGRAM_PORT', fallback: 8083, what: 'Telegram stand-in' },
  dynamo: { env: 'NUDGE_DYNAMO_PORT', fallback: 8084, what: 'local DynamoDB (dynalite)' },
};

export interface LocalSettings {
  dataDir: string;
  host: string;
  ports: Record<LocalService, number>;
  telegramToken?: string;
  allowedUserIds: number[];
  defaultTimezone: string;
  sweepIntervalMs: number;
  logLevel: ConsoleLogLevel;
  /** `NUDGE_MAX_ACTIVE_REMINDERS`: active reminders one chat may have; 1,000 when absent. */
  maxActiveReminders?: number;
  /** `NUDGE_DUE_SHARDS`, read as every runtime reads it; the store's default when absent. */
  dueShards?: number;
}

/**
 * Reads local mode's settings from an env record, typed, failing fast with ConfigError naming the key.
 * `machineZone` is this computer's zone, the default for chats that have not set one.
 */
export function readLocalSettings(env: Env, options: { cwd: string; machineZone: string }): LocalSettings {
  const dataDir = resolve(options.cwd, optionalString(env, 'NUDGE_DATA_DIR') ?? '.data');
  const host = optionalString(env, 'NUDGE_HOST') ?? '127.0.0.1';
  const ports = Object.fromEntries(
    Object.entries(PORT_SETTINGS).map(([service, setting]) => [service, integer(env, setting.env, setting.fallback, { min: 0, max: 65_535 })]),
  ) as Record<LocalService, number>;
  const telegramToken = optionalString(env, 'TELEGRAM_BOT_TOKEN');
  if (telegramToken !== undefined && !/^\d+:[A-Za-z0-9_-]{20,}$/.test(telegramToken)) {
    // Never echo the value: it may be a real token with a typo.
    throw new ConfigError('TELEGRAM_BOT_TOKEN', 'TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters, digits, _ and -)');
  }
  const allowedUserIds = integerList(env, 'NUDGE_ALLOWED_USER_IDS');
  const defaultTimezone = optionalString(env, 'NUDGE_DEFAULT_TIMEZONE') ?? options.machineZone;
  if (!isValidZone(defaultTimezone)) throw new ConfigError('NUDGE_DEFAULT_TIMEZONE', `NUDGE_DEFAULT_TIMEZONE must be an IANA zone like Europe/Berlin, got "${defaultTimezone}"`);
  const sweepIntervalMs = integer(env, 'NUDGE_SWEEP_INTERVAL_MS', 60_000, { min: 1_000, max: 3_600_000 });
  const rawLevel = optionalString(env, 'NUDGE_LOG_LEVEL');
  const logLevel = parseConsoleLogLevel(rawLevel ?? 'info');
  if (!logLevel) throw new ConfigError('NUDGE_LOG_LEVEL', `NUDGE_LOG_LEVEL must be debug, info, warn or error, got "${rawLevel}"`);
  const dueShards = readDueShards(env);
  const maxActiveReminders = optionalString(env, 'NUDGE_MAX_ACTIVE_REMINDERS') === undefined ? undefined : integer(env, 'NUDGE_MAX_ACTIVE_REMINDERS', 1_000, { min: 1, max: 100_000 });
  return { dataDir, host, ports, ...(telegramToken ? { telegramToken } : {}), allowedUserIds, defaultTimezone, sweepIntervalMs, logLevel, ...(dueShards !== undefined ? { dueShards } : {}), ...(maxActiveReminders !== undefined ? { maxActiveReminders } : {}) };
}
