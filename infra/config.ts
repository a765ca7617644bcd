import { DEFAULT_DUE_SHARDS } from '../schema/index.ts';
import { defaultModelFor } from './model-region.ts';
import { ContextError } from './context-error.ts';

/**
 * Deploy-time settings of the stack. They come from CDK context (`cdk.json`, `-c key=value`),
 * which delivers strings from the command line and JSON values from `cdk.json`; both are accepted.
 */
export interface NudgeConfig {
  /** SSM SecureString holding the bot token (created by `npm run token:store`, never by CloudFormation). */
  botTokenParameter: string;
  /** SSM SecureString holding the webhook secret token Telegram echoes in `X-Telegram-Bot-Api-Secret-Token`. */
  webhookSecretParameter: string;
  /** Bedrock model id or inference-profile id the agent may call; the agent role may call nothing else. */
  modelId: string;
  /**
   * Telegram user ids allowed to talk to the bot. The webhook needs this or `openAccess` (not
   * both); with neither, synth fails with the sentence naming the `-c` to add.
   */
  allowedUserIds: number[];
  /** Explicit opt-in to answer every Telegram user. */
  openAccess: boolean;
  dueShards: number;
  /** Optional e-mail address subscribed to the alarm topic; without it no topic is created. */
  alarmEmail: string | undefined;
  /** Delivery lag (ms, due → delivered, max per minute) above which the lag alarm fires. */
  lagAlarmThresholdMs: number;
  /** ARN of a customer-managed KMS key the SecureStrings use; unset means the default `aws/ssm` key. */
  parameterKmsKeyArn: string | undefined;
  logRetentionDays: number;
  /** AgentCore idle session timeout; the agent's chat sessions are short and bursty. */
  agentIdleTimeoutSeconds: number;
  /** Sustained requests/s and burst allowed on the webhook stage. */
  webhookRateLimit: number;
  webhookBurstLimit: number;
  /**
   * Opt-in reserved concurrency for the sweeper. Off by default: Lambda refuses a reservation that
   * leaves fewer than 10 unreserved, so in a new account (quota 10) the stack would roll back. One
   * sender at a time is kept by the lease row instead (core/sweeper/sender-lease.ts).
   */
  sweeperReservedConcurrency: number | undefined;
}

export const DEFAULT_CONFIG: NudgeConfig = {
  botTokenParameter: '/nudge/telegram/bot-token',
  webhookSecretParameter: '/nudge/telegram/webhook-secret',
  modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  allowedUserIds: [],
  openAccess: false,
  dueShards: DEFAULT_DUE_SHARDS,
  alarmEmail: undefined,
  lagAlarmThresholdMs: 60_000,
  parameterKmsKeyArn: undefined,
  logRetentionDays: 30,
  agentIdleTimeoutSeconds: 900,
  webhookRateLimit: 50,
  webhookBurstLimit: 100,
  sweeperReservedConcurrency: undefined,
};

export { ContextError } from './context-error.ts';

/** What `node.tryGetContext` returns: a string from `-c`, a JSON value from `cdk.json`, or undefined. */
export type ContextReader = (key: string) => unknown;

/** The retention periods CloudWatch Logs accepts. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-/]{1,1011}$/;
// Foundation-model ids ("anthropic.claude-…-v1:0") and geo inference profiles ("us.anthropic…").
const MODEL_ID = /^[a-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(:[A-Za-z0-9-]+)?$/;

/** The sentence `cdk synth` fails with when nobody may talk to the bot. */
export const NO_USERS_MESSAGE =
  'No Telegram users may talk to the bot, so every update would fail: deploy with -c allowedUserIds=<your Telegram user id> (comma-separated for several), or -c openAccess=true to answer everyone.';

/** Fails synth when neither users nor open access are configured (the webhook would refuse every update). */
export function assertUsersConfigured(config: Pick<NudgeConfig, 'allowedUserIds' | 'openAccess'>): void {
  if (!config.openAccess && config.allowedUserIds.length === 0) throw new ContextError('allowedUserIds', NO_USERS_MESSAGE);
}

/** Only the SSM parameter names, for scripts that run before (or without) a full deploy config. */
export function readParameterNames(read: ContextReader): Pick<NudgeConfig, 'botTokenParameter' | 'webhookSecretParameter'> {
  return {
    botTokenParameter: parameterName(read, 'botTokenParameter', DEFAULT_CONFIG.botTokenParameter),
    webhookSecretParameter: parameterName(read, 'webhookSecretParameter', DEFAULT_CONFIG.webhookSecretParameter),
  };
}

/**
 * Reads and validates every context value for a deploy, falling back to {@link DEFAULT_CONFIG}.
 * `deployRegion` (the CLI's `CDK_DEFAULT_REGION` / `AWS_REGION`, or `-c region=`) picks the model's
 * inference-profile prefix when `-c modelId` is not given.
 * @throws ContextError naming the key when a value is malformed, no users are configured, or the
 *   model cannot be chosen for the region.
 */
export function readNudgeConfig(read: ContextReader, deployRegion?: string): NudgeConfig {
  const d = DEFAULT_CONFIG;
  const region = optionalText(read, 'region') ?? deployRegion;
  const config: NudgeConfig = {
    ...readParameterNames(read),
    modelId: optionalText(read, 'modelId') ?? defaultModelFor(region),
    allowedUserIds: userIds(read, 'allowedUserIds'),
    openAccess: flag(read, 'openAccess', d.openAccess),
    dueShards: whole(read, 'dueShards', d.dueShards, 1, 1000),
    alarmEmail: optionalText(read, 'alarmEmail'),
    lagAlarmThresholdMs: whole(read, 'lagAlarmThresholdMs', d.lagAlarmThresholdMs, 1000, 86_400_000),
    parameterKmsKeyArn: optionalText(read, 'parameterKmsKeyArn'),
    logRetentionDays: whole(read, 'logRetentionDays', d.logRetentionDays, 1, 3653),
    agentIdleTimeoutSeconds: whole(read, 'agentIdleTimeoutSeconds', d.agentIdleTimeoutSeconds, 60, 28_800),
    webhookRateLimit: whole(read, 'webhookRateLimit', d.webhookRateLimit, 1, 10_000),
    webhookBurstLimit: whole(read, 'webhookBurstLimit', d.webhookBurstLimit, 1, 5_000),
    sweeperReservedConcurrency: optionalWhole(read, 'sweeperReservedConcurrency', 1, 10),
  };
  if (!MODEL_ID.test(config.modelId)) {
    throw new ContextError('modelId', `modelId must be a Bedrock model or inference-profile id such as "${d.modelId}", got "${config.modelId}"`);
  }
  if (config.openAccess && config.allowedUserIds.length > 0) {
    // The webhook refuses to start with both (core/webhook/config.ts): fail at synth, not per update.
    throw new ContextError('openAccess', 'set either allowedUserIds or openAccess=true, not both');
  }
  assertUsersConfigured(config);
  if (!RETENTION_DAYS.includes(config.logRetentionDays)) {
    throw new ContextError('logRetentionDays', `logRetentionDays must be one of CloudWatch's retention periods (${RETENTION_DAYS.join(', ')}), got ${config.logRetentionDays}`);
  }
  if (config.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(config.alarmEmail)) {
    throw new ContextError('alarmEmail', `alarmEmail must be an e-mail address, got "${config.alarmEmail}"`);
  }
  if (config.parameterKmsKeyArn !== undefined && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(config.parameterKmsKeyArn)) {
    throw new ContextError('parameterKmsKeyArn', `parameterKmsKeyArn must be a KMS key ARN, got "${config.parameterKmsKeyArn}"`);
  }
  return config;
}

function optionalText(read: ContextReader, key: string): string | undefined {
  const raw = read(key);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw new ContextError(key, `${key} must be a string, got ${JSON.stringify(raw)}`);
  return raw.trim() || undefined;
}

function text(read: ContextReader, key: string, fallback: string): string {
  return optionalText(read, key) ?? fallback;
}

function parameterName(read: ContextReader, key: string, fallback: string): string {
  const value = text(read, key, fallback);
  if (!PARAMETER_NAME.test(value)) throw new ContextError(key, `${key} must be an SSM parameter name such as "${fallback}", got "${value}"`);
  return value.startsWith('/') ? value : `/${value}`;
}

function whole(read: ContextReader, key: string, fallback: number, min: number, max: number): number {
  const raw = read(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ContextError(key, `${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function optionalWhole(read: ContextReader, key: string, min: number, max: number): number | undefined {
  const raw = read(key);
  if (raw === undefined || raw === null || raw === '') return undefined;
  return whole(read, key, min, min, max);
}

function flag(read: ContextReader, key: string, fallback: boolean): boolean {
  const raw = read(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'boolean') return raw;
  const value = String(raw).trim().toLowerCase();
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ContextError(key, `${key} must be true or false, got ${JSON.stringify(raw)}`);
}

function userIds(read: ContextReader, key: string): number[] {
  const raw = read(key);
  if (raw === undefined || raw === null || raw === '') return [];
  const parts = Array.isArray(raw) ? raw : String(raw).split(',');
  return parts.map((part) => {
    const value = typeof part === 'number' ? part : Number(String(part).trim());
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new ContextError(key, `${key} must be comma-separated Telegram user ids, got ${JSON.stringify(part)}`);
    }
    return value;
  });
}
