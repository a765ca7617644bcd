import { readDueShards } from '../config/due-shards.ts';
import { integer, optionalString, requireString, type Env } from '../config/env.ts';

/** The sweeper Lambda's settings, read once and typed. Secrets are referenced by parameter name only. */
export interface SweeperConfig {
  tableName: string;
  /** SSM SecureString parameter holding the bot token. */
  botTokenParam: string;
  agentRuntimeArn: string;
  /** AgentCore endpoint qualifier; the same key (`NUDGE_AGENT_QUALIFIER`) as the webhook, so both reach the same endpoint. */
  agentRuntimeQualifier?: string;
  /** Shards of the due index; must match what writers use. */
  dueShards?: number;
  /** Bot API root (a stand-in); real Telegram when absent. */
  telegramApiRoot?: string;
  /** Bound on one agent invocation. */
  agentTimeoutMs: number;
  /** Stop claiming this long before the Lambda's time runs out: one delivery (Telegram's wait budget) plus completion must fit. */
  safetyMarginMs: number;
  /** How long the token is cached by Powertools Parameters. */
  tokenMaxAgeSeconds: number;
}

/**
 * Reads `NUDGE_TABLE_NAME`, `NUDGE_BOT_TOKEN_PARAM`, `NUDGE_AGENT_RUNTIME_ARN` (required) and the
 * optional `NUDGE_AGENT_QUALIFIER` (shared with the webhook) and tuning keys; fails fast with ConfigError naming the key.
 */
export function readSweeperConfig(env: Env): SweeperConfig {
  const dueShards = readDueShards(env);
  return {
    tableName: requireString(env, 'NUDGE_TABLE_NAME'),
    botTokenParam: requireString(env, 'NUDGE_BOT_TOKEN_PARAM'),
    agentRuntimeArn: requireString(env, 'NUDGE_AGENT_RUNTIME_ARN'),
    agentRuntimeQualifier: optionalString(env, 'NUDGE_AGENT_QUALIFIER'),
    dueShards,
    telegramApiRoot: optionalString(env, 'TELEGRAM_API_ROOT'),
    agentTimeoutMs: integer(env, 'NUDGE_AGENT_TIMEOUT_MS', 10_000, { min: 100, max: 60_000 }),
    safetyMarginMs: integer(env, 'NUDGE_SWEEPER_SAFETY_MARGIN_MS', 30_000, { min: 1_000 }),
    tokenMaxAgeSeconds: integer(env, 'NUDGE_TOKEN_MAX_AGE_SECONDS', 300, { min: 0 }),
  };
}
