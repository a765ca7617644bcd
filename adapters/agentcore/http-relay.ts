import { assertTimeout } from './agentcore-relay.ts';
import { withDeadline } from '../../core/agent-relay/deadline.ts';
import { AgentRelayError, AgentRelayRejectedError, isAgentAccepted, sessionIdForChat, type AgentPayload, type AgentRelay } from '../../core/agent-relay/port.ts';

/** The header AgentCore sets on requests into the runtime; local mode sets it itself so the agent sees the same contract. */
export const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';

/** Local mode's per-run secret: on AWS, IAM guards the runtime; locally, this header does (#12 item 9). */
export const AGENT_SECRET_HEADER = 'X-Nudge-Agent-Secret';

export interface HttpRelayOptions {
  /** Base URL of the agent server, e.g. `http://127.0.0.1:8080`; `/invocations` is appended. */
  url: string;
  fetch?: typeof fetch;
  /** Hard bound on the request, body included. */
  timeoutMs: number;
  /** The agent's per-run invocation secret (local mode), sent as {@link AGENT_SECRET_HEADER}. */
  secret?: string;
}

/**
 * Relays work to a locally running agent over HTTP, exactly as AgentCore would deliver it:
 * `POST /invocations` with the per-chat session header. Resolves only on 2xx `{"status":"accepted"}`.
 *
 * @example
 * const relay = createHttpRelay({ url: 'http://127.0.0.1:8080', timeoutMs: 5_000 });
 */
export function createHttpRelay(options: HttpRelayOptions): AgentRelay {
  const doFetch = options.fetch ?? fetch;
  assertTimeout(options.timeoutMs);
  const base = new URL(options.url); // throws TypeError on a malformed URL, at wiring time
  const endpoint = new URL('invocations', base.href.endsWith('/') ? base : `${base.href}/`).href;

  return {
    async invoke(chatId: number, payload: AgentPayload): Promise<void> {
      let answer: { status: number; body: string };
      try {
        answer = await withDeadline(options.timeoutMs, async (signal) => {
          const response = await doFetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json', [SESSION_HEADER]: sessionIdForChat(chatId), ...(options.secret ? { [AGENT_SECRET_HEADER]: options.secret } : {}) },
            body: JSON.stringify(payload),
            signal,
          });
          return { status: response.status, body: await response.text() };
        });
      } catch (error) {
        if (error instanceof AgentRelayError) throw error;
        throw new AgentRelayError(`agent at ${endpoint} unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (answer.status < 200 || answer.status > 299 || !isAgentAccepted(answer.body)) {
        throw new AgentRelayRejectedError(`agent at ${endpoint} answered ${answer.status} without accepting the work`, answer.status);
      }
    },
  };
}
