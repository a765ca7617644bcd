import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { requireString, type Env } from '../core/config/env.ts';
import { createBotTokenReader, currentTokenTelegram, telegramForCurrentToken, type ParameterReader } from '../core/telegram/index.ts';
import { createTelegramClient } from '../adapters/telegram/index.ts';
import { createLog } from '../adapters/powertools/log.ts';
import { buildWebhookDeps } from './webhook-deps.ts';
import type { WebhookDeps } from '../core/webhook/handle.ts';
import { handle, type APIGatewayProxyResult, type LambdaEvent } from 'hono/aws-lambda';
import { createWebhookApp } from './webhook-app.ts';
import { loadWebhookConfig } from '../core/webhook/config.ts';
import { ssmSecretSource } from '../adapters/ssm/ssm-secrets.ts';

export type WebhookLambdaHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResult>;

/**
 * The API Gateway (HTTP API, payload v2) entry: `hono/aws-lambda` around the webhook app local mode
 * serves too. Deps (and the app) are built on the first invocation and kept for the container's life;
 * a failed build is not cached, so the next invocation tries again (and the failure reaches Lambda's
 * error metrics, not a silent 200).
 *
 * @example
 * const handler = createWebhookHandler(async () => testDeps);
 * await handler({ headers: { 'x-telegram-bot-api-secret-token': 's' }, body: '{"update_id":1}' } as APIGatewayProxyEventV2);
 */
export function createWebhookHandler(depsFactory: () => Promise<WebhookDeps>): WebhookLambdaHandler {
  let lambda: Promise<ReturnType<typeof handle>> | undefined;
  return async (event) => {
    lambda ??= depsFactory().then(
      (deps) => handle(createWebhookApp(deps)),
      (error: unknown) => {
        lambda = undefined;
        throw error;
      },
    );
    // aws-lambda and Hono type the same v2 event slightly differently (absent body, authorizer): one shape at runtime.
    return (await lambda)(event as unknown as LambdaEvent);
  };
}

/**
 * Production wiring: secrets from SSM, the Lambda's own DynamoDB and AgentCore clients. The Telegram
 * client (refusals only) follows the token through the shared reader, so a token rotated in SSM
 * reaches a warm container within the cache age instead of at its next cold start.
 */
export async function createLambdaWebhookDeps(env: Env, seams: { readParameter?: ParameterReader } = {}): Promise<WebhookDeps> {
  const log = createLog('nudge-webhook', env.NUDGE_LOG_LEVEL);
  const config = await loadWebhookConfig(env, ssmSecretSource({ env }));
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const deps = buildWebhookDeps(config, { documentClient, log });
  const readToken = createBotTokenReader({
    parameterName: requireString(env, 'NUDGE_BOT_TOKEN_PARAM'),
    maxAgeSeconds: 300,
    read: seams.readParameter ?? ((name, options) => getParameter(name, options)),
  });
  const build = (token: string) => createTelegramClient({ token, log, maxWaitMs: 5_000, ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}) });
  const telegram = currentTokenTelegram(telegramForCurrentToken({ readToken, build, log }), {
    // Refusals must not hold the webhook's answer: a short wait, then the refusal is skipped (logged).
    waitForTokenMs: 2_000,
    retryEveryMs: 500,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    clock: deps.clock,
    log,
  });
  return { ...deps, telegram };
}

/** Lambda entry point (`handlers/webhook.handler`). Reads `process.env` on the first invocation, not at import. */
export const handler: WebhookLambdaHandler = createWebhookHandler(() => createLambdaWebhookDeps(process.env));
