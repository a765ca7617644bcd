/**
 * Typed readers over an env record (process.env by default, a literal in tests).
 * Missing or malformed values fail fast, naming the key — never a silent default for required config.
 */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function requireString(env: Env, key: string): string {
  const value = env[key]?.trim();
  if (!value) throw new ConfigError(key, `missing required setting ${key}`);
  return value;
}

export function optionalString(env: Env, key: string): string | undefined {
  const value = env[key]?.trim();
  return value ? value : undefined;
}

export function integer(env: Env, key: string, fallback: number, range: { min?: number; max?: number } = {}): number {
  const raw = optionalString(env, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new ConfigError(key, `${key} must be a whole number, got "${raw}"`);
  if (range.min !== undefined && value < range.min) throw new ConfigError(key, `${key} must be at least ${range.min}, got ${value}`);
  if (range.max !== undefined && value > range.max) throw new ConfigError(key, `${key} must be at most ${range.max}, got ${value}`);
  return value;
}

export function boolean(env: Env, key: string, fallback: boolean): boolean {
  const raw = optionalString(env, key)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(key, `${key} must be true or false, got "${raw}"`);
}

/** Comma-separated integers, e.g. an allow-list of Telegram user ids. */
export function integerList(env: Env, key: string): number[] {
  const raw = optionalString(env, key);
  if (raw === undefined) return [];
  return raw.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isSafeInteger(value)) throw new ConfigError(key, `${key} must be comma-separated whole numbers, got "${part.trim()}"`);
    return value;
  });
}
