import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { integer, optionalString, type Env } from '../core/config/env.ts';
import type { ModelConfig } from '../agent/deps.ts';

export interface BrainChoice {
  /** Present when Claude on Bedrock is usable: NUDGE_MODEL_ID set and AWS credentials found. */
  model?: ModelConfig;
  /** One line for the banner and the chat page. */
  description: string;
  /** Why a configured model is not used, when that happens. */
  warning?: string;
}

/**
 * Picks the agent's brain for local mode: Claude on Bedrock when `NUDGE_MODEL_ID` is set and the
 * AWS SDK finds credentials (env, profile, SSO …) within a few seconds; otherwise the deterministic
 * commands only, with a warning if a model id was set in vain. Never calls Bedrock itself.
 */
export async function chooseBrain(
  env: Env,
  options: { credentialTimeoutMs?: number; credentials?: BedrockRuntimeClientConfig['credentials'] } = {},
): Promise<BrainChoice> {
  const modelId = optionalString(env, 'NUDGE_MODEL_ID');
  if (!modelId) return { description: 'deterministic commands only (set NUDGE_MODEL_ID and AWS credentials for Claude on Bedrock)' };
  const region = optionalString(env, 'AWS_REGION') ?? optionalString(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1';
  const maxTurns = integer(env, 'NUDGE_MODEL_MAX_TURNS', 6, { min: 1, max: 20 });
  const maxTokens = integer(env, 'NUDGE_MODEL_MAX_TOKENS', 1024, { min: 64, max: 8192 });
  const endpoint = optionalString(env, 'NUDGE_BEDROCK_ENDPOINT');
  const client = new BedrockRuntimeClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  try {
    await withTimeout(client.config.credentials(), options.credentialTimeoutMs ?? 5_000);
  } catch (error) {
    client.destroy();
    return {
      description: 'deterministic commands only',
      warning: `NUDGE_MODEL_ID is set but no AWS credentials were found (${error instanceof Error ? error.message : String(error)}); Bedrock is off`,
    };
  }
  return { model: { client, modelId, maxTurns, maxTokens }, description: `Claude on Bedrock (${modelId}, ${region}) plus the deterministic commands` };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`credential lookup took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
