import { InvokeAgentRuntimeCommand, type BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { withDeadline } from '../../core/agent-relay/deadline.ts';
import { AgentRelayError, AgentRelayRejectedError, isAgentAccepted, sessionIdForChat, type AgentPayload, type AgentRelay } from '../../core/agent-relay/port.ts';

export interface AgentCoreRelayOptions {
  client: BedrockAgentCoreClient;
  /** ARN of the AgentCore Runtime. */
  runtimeArn: string;
  /** Endpoint name or version; AgentCore uses DEFAULT without it. */
  qualifier?: string;
  /** Hard bound on the whole call, SDK retries included. */
  timeoutMs: number;
}

/**
 * Relays work to the agent with AgentCore `InvokeAgentRuntime`, one stable session per chat.
 * Resolves only when the runtime answered 2xx with `{"status":"accepted"}`.
 *
 * @example
 * const relay = createAgentCoreRelay({ client: new BedrockAgentCoreClient({}), runtimeArn, timeoutMs: 10_000 });
 * await relay.invoke(chatId, { type: 'telegram_update', update });
 */
export function createAgentCoreRelay(options: AgentCoreRelayOptions): AgentRelay {
  const { client, runtimeArn, qualifier, timeoutMs } = options;
  if (!runtimeArn.trim()) throw new TypeError('createAgentCoreRelay: runtimeArn is empty');
  assertTimeout(timeoutMs);
  const encoder = new TextEncoder();

  return {
    async invoke(chatId: number, payload: AgentPayload): Promise<void> {
      const command = new InvokeAgentRuntimeCommand({
        agentRuntimeArn: runtimeArn,
        runtimeSessionId: sessionIdForChat(chatId),
        payload: encoder.encode(JSON.stringify(payload)),
        ...(qualifier ? { qualifier } : {}),
        contentType: 'application/json',
        accept: 'application/json',
      });
      let answer: { status: number; body: string };
      try {
        answer = await withDeadline(timeoutMs, async (abortSignal) => {
          const out = await client.send(command, { abortSignal });
          // The body is a stream: reading it is part of the call and stays under the deadline.
          const body = out.response ? await out.response.transformToString() : '';
          return { status: out.statusCode ?? out.$metadata.httpStatusCode ?? 200, body };
        });
      } catch (error) {
        throw toRelayError(error);
      }
      if (answer.status < 200 || answer.status > 299 || !isAgentAccepted(answer.body)) {
        throw new AgentRelayRejectedError(`agent runtime answered ${answer.status} without accepting the work`, answer.status);
      }
    },
  };
}

/** SDK service errors (throttling, validation, 5xx) carry the HTTP status; anything else is a transport failure. */
function toRelayError(error: unknown): AgentRelayError {
  if (error instanceof AgentRelayError) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (status !== undefined) {
    return new AgentRelayRejectedError(`AgentCore InvokeAgentRuntime failed: ${name} (${status})`, status, { cause: error });
  }
  return new AgentRelayError(`AgentCore InvokeAgentRuntime failed: ${name}`, { cause: error });
}

export function assertTimeout(timeoutMs: number): void {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`relay timeoutMs must be a positive number, got ${timeoutMs}`);
}
