import { ConfigError, requireString, type Env } from '../config/env.ts';

/** A value that must never reach a log line, an error or a snapshot: it prints as `[secret]`. */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value, for the one place that needs it (an HTTP client, a comparison). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SecretValue([secret])';
  }
}

export type SecretName = 'botToken' | 'webhookSecret';

/** Where the bot token and the webhook secret come from: SSM SecureString in Lambda, env vars locally. */
export interface SecretSource {
  /** Fails with ConfigError naming the setting when the value is missing or unreadable. */
  read(name: SecretName): Promise<string>;
  /** The setting that holds `name`, for error messages (never the value). */
  settingFor(name: SecretName): string;
}

const ENV_KEYS: Record<SecretName, string> = { botToken: 'TELEGRAM_BOT_TOKEN', webhookSecret: 'NUDGE_WEBHOOK_SECRET' };

/** Local mode: `TELEGRAM_BOT_TOKEN` and `NUDGE_WEBHOOK_SECRET` straight from the env record. */
export function envSecretSource(env: Env): SecretSource {
  return {
    read: async (name) => requireString(env, ENV_KEYS[name]),
    settingFor: (name) => ENV_KEYS[name],
  };
}

/** A ConfigError for a secret that exists but is unusable, named by its setting, without its value. */
export function invalidSecret(source: SecretSource, name: SecretName, problem: string): ConfigError {
  const setting = source.settingFor(name);
  return new ConfigError(setting, `${setting} ${problem}`);
}
