import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError, requireString, type Env } from '../../core/config/env.ts';
import type { SecretName, SecretSource } from '../../core/webhook/secrets.ts';

const PARAM_KEYS: Record<SecretName, string> = { botToken: 'NUDGE_BOT_TOKEN_PARAM', webhookSecret: 'NUDGE_WEBHOOK_SECRET_PARAM' };

export interface SsmSecretSourceOptions {
  /** Holds the parameter names: `NUDGE_BOT_TOKEN_PARAM`, `NUDGE_WEBHOOK_SECRET_PARAM`. */
  env: Env;
  /** Defaults to a client for the Lambda's own region; tests point one at a local server. */
  client?: SSMClient;
  /** Powertools cache lifetime in seconds (default 300). */
  maxAgeSeconds?: number;
}

/**
 * Lambda: reads SecureString parameters through Powertools Parameters (decrypted, cached), the parameter
 * names coming from env. A missing name or unreadable parameter fails with ConfigError naming the setting.
 */
export function ssmSecretSource(options: SsmSecretSourceOptions): SecretSource {
  const { env, maxAgeSeconds = 300 } = options;
  let provider: SSMProvider | undefined;
  const settingFor = (name: SecretName): string => PARAM_KEYS[name];

  return {
    settingFor,
    async read(name) {
      const key = PARAM_KEYS[name];
      const parameterName = requireString(env, key);
      // Built on first read, not at import: the SDK client resolves region/credentials when created.
      provider ??= new SSMProvider(options.client ? { awsSdkV3Client: options.client } : {});
      let value: string | undefined;
      try {
        value = await provider.get(parameterName, { decrypt: true, maxAge: maxAgeSeconds });
      } catch (error) {
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.name : error.name) : 'unknown error';
        throw new ConfigError(key, `SSM parameter ${parameterName} (from ${key}) could not be read: ${reason}`);
      }
      if (!value) throw new ConfigError(key, `SSM parameter ${parameterName} (from ${key}) is empty`);
      return value;
    },
  };
}
