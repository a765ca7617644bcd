import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { ConfigError, integer, optionalString, type Env } from '../../core/config/env.ts';
import { EMAIL_RULES, normaliseAddress } from '../../core/email/verification.ts';
import type { Log } from '../../core/log.ts';
import { createBraveSearch } from '../../adapters/search/brave-search.ts';
import type { WebSearch } from '../../core/search/port.ts';
import { createOutboxMailSender } from '../../adapters/mail/mail-outbox.ts';
import { createAgentCoreWebSearch } from '../../adapters/agentcore/web-search.ts';
import { createDynamoDbEmailBook } from '../../adapters/dynamodb/email-book.ts';
import { createDynamoDbMemoryControl } from '../../adapters/dynamodb/memory.ts';
import { createSesMailSender } from '../../adapters/ses/ses-mail-sender.ts';
import type { AgentToolDeps } from './deps.ts';

export type SearchConfig =
  | { provider: 'agentcore'; gatewayArn: string; timeoutMs: number }
  | { provider: 'brave'; apiKey: { from: 'ssm'; parameterName: string } | { from: 'env'; value: string }; apiRoot?: string; timeoutMs: number };

export type EmailConfig = {
  from: string;
  dailyLimit: number;
  /** SES v2 in `region` (endpoint only for a local fake), or .eml files in a folder (local mode). */
  transport: { kind: 'ses'; region?: string; endpoint?: string } | { kind: 'outbox'; dir: string };
};

export interface ToolConfig {
  search?: SearchConfig;
  email?: EmailConfig;
}

const SEARCH_PROVIDERS = ['agentcore', 'brave'] as const;

/**
 * Search and e-mail settings; each tool is off when its settings are absent.
 * Search: `NUDGE_SEARCH_PROVIDER` = `agentcore` (with `NUDGE_SEARCH_GATEWAY_ARN`) or `brave` (with
 * `NUDGE_SEARCH_API_KEY_PARAM`, an SSM SecureString name, or `NUDGE_SEARCH_API_KEY` locally; optional
 * `NUDGE_SEARCH_API_ROOT`); `NUDGE_SEARCH_TIMEOUT_MS` (8000).
 * E-mail: `NUDGE_EMAIL_FROM` turns it on; `NUDGE_EMAIL_OUTBOX_DIR` writes .eml files instead of
 * sending; otherwise SES v2 in `NUDGE_EMAIL_REGION` (default: the runtime's region), optional
 * `NUDGE_SES_ENDPOINT`; `NUDGE_EMAIL_DAILY_LIMIT` (20).
 */
export function readToolConfig(env: Env): ToolConfig {
  const config: ToolConfig = {};
  const provider = optionalString(env, 'NUDGE_SEARCH_PROVIDER')?.toLowerCase();
  const timeoutMs = integer(env, 'NUDGE_SEARCH_TIMEOUT_MS', 8_000, { min: 500, max: 60_000 });
  if (provider === 'agentcore') {
    const gatewayArn = optionalString(env, 'NUDGE_SEARCH_GATEWAY_ARN');
    if (!gatewayArn) throw new ConfigError('NUDGE_SEARCH_GATEWAY_ARN', 'NUDGE_SEARCH_PROVIDER=agentcore needs NUDGE_SEARCH_GATEWAY_ARN (a gateway with a web search target)');
    if (!/^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\d{12}:gateway\/.+/.test(gatewayArn)) {
      throw new ConfigError('NUDGE_SEARCH_GATEWAY_ARN', `NUDGE_SEARCH_GATEWAY_ARN is not a gateway ARN: "${gatewayArn}"`);
    }
    config.search = { provider, gatewayArn, timeoutMs };
  } else if (provider === 'brave') {
    const parameterName = optionalString(env, 'NUDGE_SEARCH_API_KEY_PARAM');
    const value = optionalString(env, 'NUDGE_SEARCH_API_KEY');
    if (!parameterName && !value) throw new ConfigError('NUDGE_SEARCH_API_KEY_PARAM', 'NUDGE_SEARCH_PROVIDER=brave needs NUDGE_SEARCH_API_KEY_PARAM (SSM) or NUDGE_SEARCH_API_KEY (local)');
    const apiRoot = optionalString(env, 'NUDGE_SEARCH_API_ROOT');
    config.search = { provider, apiKey: parameterName ? { from: 'ssm', parameterName } : { from: 'env', value: value ?? '' }, timeoutMs, ...(apiRoot ? { apiRoot } : {}) };
  } else if (provider !== undefined) {
    throw new ConfigError('NUDGE_SEARCH_PROVIDER', `NUDGE_SEARCH_PROVIDER must be one of ${SEARCH_PROVIDERS.join(', ')}, got "${provider}"`);
  }

  const rawFrom = optionalString(env, 'NUDGE_EMAIL_FROM');
  if (rawFrom) {
    const from = normaliseAddress(rawFrom);
    if (!from) throw new ConfigError('NUDGE_EMAIL_FROM', `NUDGE_EMAIL_FROM is not an e-mail address: "${rawFrom}"`);
    const dailyLimit = integer(env, 'NUDGE_EMAIL_DAILY_LIMIT', EMAIL_RULES.defaultDailyLimit, { min: 1, max: 1000 });
    const dir = optionalString(env, 'NUDGE_EMAIL_OUTBOX_DIR');
    const region = optionalString(env, 'NUDGE_EMAIL_REGION');
    const endpoint = optionalString(env, 'NUDGE_SES_ENDPOINT');
    config.email = {
      from,
      dailyLimit,
      transport: dir ? { kind: 'outbox', dir } : { kind: 'ses', ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) },
    };
  }
  return config;
}

/** Builds the configured tools plus the memory controls (always: they only need the table). */
export async function buildToolDeps(config: ToolConfig, table: { client: DynamoDBDocumentClient; tableName: string }, log: Log): Promise<AgentToolDeps> {
  const tools: AgentToolDeps = { memory: createDynamoDbMemoryControl(table) };
  if (config.search) tools.search = await buildSearch(config.search);
  if (config.email) {
    const { transport } = config.email;
    tools.email = {
      from: config.email.from,
      dailyLimit: config.email.dailyLimit,
      book: createDynamoDbEmailBook(table),
      sender:
        transport.kind === 'outbox'
          ? createOutboxMailSender(transport.dir)
          : createSesMailSender(new SESv2Client({ ...(transport.region ? { region: transport.region } : {}), ...(transport.endpoint ? { endpoint: transport.endpoint } : {}) })),
    };
  }
  log.info('agent tools', { search: config.search?.provider ?? 'off', email: config.email?.transport.kind ?? 'off' });
  return tools;
}

async function buildSearch(config: SearchConfig): Promise<WebSearch> {
  if (config.provider === 'agentcore') return createAgentCoreWebSearch({ gatewayArn: config.gatewayArn, timeoutMs: config.timeoutMs });
  const apiKey = config.apiKey.from === 'env' ? config.apiKey.value : await getParameter(config.apiKey.parameterName, { decrypt: true, maxAge: 300 });
  if (!apiKey) throw new ConfigError('NUDGE_SEARCH_API_KEY_PARAM', 'the search API key parameter is empty');
  return createBraveSearch({ apiKey, timeoutMs: config.timeoutMs, ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}) });
}
