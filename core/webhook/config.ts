import { boolean, ConfigError, integer, integerList, optionalString, requireString, type Env } from '../config/env.ts';
import { readDueShards } from '../config/due-shards.ts';
import { invalidSecret, SecretValue, type SecretSource } from './secrets.ts';

/** Who may use the bot. Open mode exists only when an operator asks for it explicitly. */
export type AccessPolicy = { mode: 'allow-list'; userIds: ReadonlySet<number> } | { mode: 'open' };

/** Where updates go: AgentCore on AWS, the agent's HTTP server locally. */
export type AgentTarget = { kind: 'agentcore'; runtimeArn: string; qualifier?: string } | { kind: 'http'; url: string };

export interface WebhookConfig {
  tableName: string;
  /** `NUDGE_DUE_SHARDS`, read as every runtime reads it (#12 item 1). */
  dueShards?: number;
  botToken: SecretValue;
  /** Compared against `X-Telegram-Bot-Api-Secret-Token`. */
  webhookSecret: SecretValue;
  access: AccessPolicy;
  agent: AgentTarget;
  /** Bound on one relay call (default 6 s): below the webhook Lambda's 10 s timeout, so a hung agent gets a clean 504. */
  relayTimeoutMs: number;
  /** Bot API root (the local stand-in); the real Telegram when absent. */
  telegramApiRoot?: string;
  /** How long a relayed update_id is remembered. Telegram keeps undelivered updates up to 24 h. */
  processedUpdateTtlSeconds: number;
  /** How long a stranger's refusal is remembered before they would be told again. */
  refusalTtlSeconds: number;
}

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const DAY = 24 * 60 * 60;

/**
 * Reads the webhook's settings once, typed. Fails fast with ConfigError naming the first missing or
 * malformed key; plain settings are checked before any secret is fetched.
 *
 * @example
 * const config = await loadWebhookConfig(process.env, envSecretSource(process.env));
 */
export async function loadWebhookConfig(env: Env, secrets: SecretSource): Promise<WebhookConfig> {
  const tableName = requireString(env, 'NUDGE_TABLE_NAME');
  const dueShards = readDueShards(env);
  const access = readAccessPolicy(env);
  const agent = readAgentTarget(env);
  const relayTimeoutMs = integer(env, 'NUDGE_AGENT_TIMEOUT_MS', 6_000, { min: 100, max: 25_000 });
  const telegramApiRoot = optionalString(env, 'TELEGRAM_API_ROOT');
  if (telegramApiRoot !== undefined) assertUrl('TELEGRAM_API_ROOT', telegramApiRoot);
  const processedUpdateTtlSeconds = integer(env, 'NUDGE_UPDATE_TTL_SECONDS', 2 * DAY, { min: DAY });
  const refusalTtlSeconds = integer(env, 'NUDGE_REFUSAL_TTL_SECONDS', 30 * DAY, { min: 60 });

  const [botToken, webhookSecret] = await Promise.all([secrets.read('botToken'), secrets.read('webhookSecret')]);
  // Telegram only sends secret tokens of this alphabet; anything else can never match a delivery.
  if (!SECRET_TOKEN.test(webhookSecret)) throw invalidSecret(secrets, 'webhookSecret', 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -');

  return {
    tableName,
    botToken: new SecretValue(botToken),
    webhookSecret: new SecretValue(webhookSecret),
    access,
    agent,
    relayTimeoutMs,
    ...(telegramApiRoot ? { telegramApiRoot } : {}),
    processedUpdateTtlSeconds,
    refusalTtlSeconds,
    ...(dueShards !== undefined ? { dueShards } : {}),
  };
}

function readAccessPolicy(env: Env): AccessPolicy {
  const open = boolean(env, 'NUDGE_OPEN_ACCESS', false);
  const userIds = integerList(env, 'NUDGE_ALLOWED_USER_IDS');
  if (open && userIds.length > 0) {
    throw new ConfigError('NUDGE_OPEN_ACCESS', 'NUDGE_OPEN_ACCESS=true and NUDGE_ALLOWED_USER_IDS are both set; set only one');
  }
  if (open) return { mode: 'open' };
  if (userIds.length === 0) {
    throw new ConfigError(
      'NUDGE_ALLOWED_USER_IDS',
      'missing required setting NUDGE_ALLOWED_USER_IDS (comma-separated Telegram user ids); or set NUDGE_OPEN_ACCESS=true to let anyone use the bot',
    );
  }
  const bad = userIds.find((id) => id <= 0);
  if (bad !== undefined) throw new ConfigError('NUDGE_ALLOWED_USER_IDS', `NUDGE_ALLOWED_USER_IDS holds user ids, which are positive; got ${bad}`);
  return { mode: 'allow-list', userIds: new Set(userIds) };
}

function readAgentTarget(env: Env): AgentTarget {
  const runtimeArn = optionalString(env, 'NUDGE_AGENT_RUNTIME_ARN');
  const url = optionalString(env, 'NUDGE_AGENT_URL');
  if (runtimeArn && url) throw new ConfigError('NUDGE_AGENT_URL', 'NUDGE_AGENT_RUNTIME_ARN and NUDGE_AGENT_URL are both set; set only one');
  if (runtimeArn) {
    if (!runtimeArn.startsWith('arn:')) throw new ConfigError('NUDGE_AGENT_RUNTIME_ARN', `NUDGE_AGENT_RUNTIME_ARN must be an ARN, got "${runtimeArn}"`);
    const qualifier = optionalString(env, 'NUDGE_AGENT_QUALIFIER');
    return { kind: 'agentcore', runtimeArn, ...(qualifier ? { qualifier } : {}) };
  }
  if (url) {
    assertUrl('NUDGE_AGENT_URL', url);
    return { kind: 'http', url };
  }
  throw new ConfigError('NUDGE_AGENT_RUNTIME_ARN', 'missing required setting NUDGE_AGENT_RUNTIME_ARN (on AWS) or NUDGE_AGENT_URL (local mode)');
}

function assertUrl(key: string, value: string): void {
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new ConfigError(key, `${key} must be an http(s) URL, got "${value}"`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new ConfigError(key, `${key} must be an http(s) URL, got "${value}"`);
}
