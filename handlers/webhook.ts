import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Env } from '../core/config/env.ts';
import { createLog } from '../core/log.ts';
import { buildWebhookDeps } from '../core/webhook/deps.ts';
import { handleWebhook, type WebhookDeps } from '../core/webhook/handle.ts';
import { loadWebhookConfig } from '../core/webhook/config.ts';
import { ssmSecretSource } from '../core/webhook/ssm-secrets.ts';

export type WebhookLambdaHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The API Gateway (HTTP API, payload v2) adapter around {@link handleWebhook}. Deps are built on the
 * first invocation and kept for the container's life; a failed build is not cached, so the next
 * invocation tries again (and the failure reaches Lambda's error metrics, not a silent 200).
 *
 * @example
 * const handler = createWebhookHandler(async () => testDeps);
 * await handler({ headers: { 'x-telegram-bot-api-secret-token': 's' }, body: '{"update_id":1}' } as APIGatewayProxyEventV2);
 */
export function createWebhookHandler(depsFactory: () => Promise<WebhookDeps>): WebhookLambdaHandler {
  let deps: Promise<WebhookDeps> | undefined;
  return async (event) => {
    deps ??= depsFactory().catch((error: unknown) => {
      deps = undefined;
      throw error;
    });
    const ready = await deps;
    try {
      const response = await handleWebhook({ headers: event.headers ?? {}, body: event.body, isBase64Encoded: event.isBase64Encoded }, ready);
      return { statusCode: response.status, body: response.body, ...(response.headers ? { headers: response.headers } : {}) };
    } catch (error) {
      ready.log.error('webhook failed unexpectedly', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      return { statusCode: 500, body: JSON.stringify({ ok: false, error: 'internal error' }), headers: { 'content-type': 'application/json' } };
    }
  };
}

/** Production wiring: secrets from SSM, the Lambda's own DynamoDB and AgentCore clients. */
export async function createLambdaWebhookDeps(env: Env): Promise<WebhookDeps> {
  const log = createLog('nudge-webhook', env.NUDGE_LOG_LEVEL);
  const config = await loadWebhookConfig(env, ssmSecretSource({ env }));
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  return buildWebhookDeps(config, { documentClient, log });
}

/** Lambda entry point (`handlers/webhook.handler`). Reads `process.env` on the first invocation, not at import. */
export const handler: WebhookLambdaHandler = createWebhookHandler(() => createLambdaWebhookDeps(process.env));
