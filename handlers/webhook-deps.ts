import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAgentCoreRelay } from '../adapters/agentcore/agentcore-relay.ts';
import { createHttpRelay } from '../adapters/agentcore/http-relay.ts';
import type { AgentRelay } from '../core/agent-relay/port.ts';
import type { Log } from '../core/log.ts';
import { DynamoDbReminderStore } from '../adapters/dynamodb/dynamodb-store.ts';
import { createTelegramClient } from '../adapters/telegram/client.ts';
import type { AgentTarget, WebhookConfig } from '../core/webhook/config.ts';
import type { WebhookDeps } from '../core/webhook/handle.ts';

export interface WebhookWiring {
  documentClient: DynamoDBDocumentClient;
  /** Used when the agent is an AgentCore runtime; one is built for the Lambda's region when absent. */
  agentCoreClient?: BedrockAgentCoreClient;
  /** For the HTTP relay and the Telegram client; the global fetch when absent. */
  fetch?: typeof fetch;
  log: Log;
  clock?: () => Date;
}

/**
 * Builds the webhook's collaborators from its config. The Lambda handler and local mode both call
 * this, so they run the same store, relay and Telegram client.
 */
export function buildWebhookDeps(config: WebhookConfig, wiring: WebhookWiring): WebhookDeps {
  const telegram = createTelegramClient({
    token: config.botToken.reveal(),
    ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}),
    ...(wiring.fetch ? { fetch: wiring.fetch } : {}),
    // Only refusals go out from here; they must not hold the webhook answer for long.
    maxWaitMs: 5_000,
    log: wiring.log,
  });
  return {
    config,
    store: new DynamoDbReminderStore({ client: wiring.documentClient, tableName: config.tableName, log: wiring.log, ...(config.dueShards ? { dueShards: config.dueShards } : {}) }),
    relay: createRelay(config.agent, config.relayTimeoutMs, wiring),
    telegram,
    log: wiring.log,
    clock: wiring.clock ?? (() => new Date()),
  };
}

/** The relay for an agent target: InvokeAgentRuntime on AWS, POST /invocations locally. */
export function createRelay(agent: AgentTarget, timeoutMs: number, wiring: Pick<WebhookWiring, 'agentCoreClient' | 'fetch'>): AgentRelay {
  if (agent.kind === 'http') return createHttpRelay({ url: agent.url, timeoutMs, ...(wiring.fetch ? { fetch: wiring.fetch } : {}) });
  return createAgentCoreRelay({
    client: wiring.agentCoreClient ?? new BedrockAgentCoreClient({}),
    runtimeArn: agent.runtimeArn,
    ...(agent.qualifier ? { qualifier: agent.qualifier } : {}),
    timeoutMs,
  });
}
