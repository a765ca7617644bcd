import { BedrockAgentCoreClient, ThrottlingException } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgentRelayError, AgentRelayRejectedError, AgentRelayTimeoutError, sessionIdForChat, type AgentPayload } from '../../core/agent-relay/index.ts';
import { createAgentCoreRelay, createHttpRelay } from '../../adapters/agentcore/index.ts';
import { createRelay } from '../../handlers/webhook-deps.ts';
import { ACCEPTED, startRecordingAgent, type RecordingAgent } from './recording-agent.ts';

const update = { update_id: 7, message: { message_id: 1, date: 1_780_000_000, chat: { id: -100123, type: 'group' }, from: { id: 42, is_bot: false, first_name: 'Ada' }, text: 'hi' } };
const payload = { type: 'telegram_update', update } as AgentPayload;
const RUNTIME_ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/nudge_agent-AbCdEf1234';

let agent: RecordingAgent;
beforeAll(async () => {
  agent = await startRecordingAgent();
});
afterAll(() => agent.stop());
beforeEach(() => {
  agent.received.length = 0;
  agent.answer = () => ACCEPTED;
});

describe('HTTP relay (local mode)', () => {
  it('POSTs the payload to /invocations with the per-chat session header', async () => {
    const relay = createHttpRelay({ url: agent.url, timeoutMs: 2_000 });

    await relay.invoke(-100123, payload);

    const [request] = agent.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/invocations');
    expect(request?.headers['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(sessionIdForChat(-100123));
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(payload);
  });

  it('keeps a path prefix of the base URL', async () => {
    const relay = createHttpRelay({ url: `${agent.url}/agent/`, timeoutMs: 2_000 });
    agent.answer = () => ACCEPTED;

    await relay.invoke(1, payload);

    expect(agent.received[0]?.url).toBe('/agent/invocations');
  });

  it.each([
    ['a 500', { status: 500, body: '{"status":"accepted"}' }],
    ['a 200 that does not say accepted', { status: 200, body: '{"status":"busy"}' }],
    ['a 200 that is not JSON', { status: 200, body: 'ok' }],
  ])('treats %s as a rejected relay', async (_name, answer) => {
    agent.answer = () => answer;
    const relay = createHttpRelay({ url: agent.url, timeoutMs: 2_000 });

    const error = await relay.invoke(1, payload).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AgentRelayRejectedError);
    expect((error as AgentRelayRejectedError).status).toBe(answer.status);
  });

  it('gives up at its deadline when the agent never answers', async () => {
    agent.answer = () => 'hang';
    const relay = createHttpRelay({ url: agent.url, timeoutMs: 300 });
    const started = Date.now();

    const error = await relay.invoke(1, payload).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AgentRelayTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
    await expect.poll(() => agent.received[0]?.abandoned, { timeout: 2_000 }).toBe(true);
  });

  it('reports an unreachable agent as a relay error', async () => {
    const closed = await startRecordingAgent();
    await closed.stop();
    const relay = createHttpRelay({ url: closed.url, timeoutMs: 2_000 });

    const error = await relay.invoke(1, payload).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AgentRelayError);
    expect(error).not.toBeInstanceOf(AgentRelayTimeoutError);
  });
});

describe('AgentCore relay', () => {
  const sdkClient = (endpoint: string) =>
    new BedrockAgentCoreClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

  it('sends InvokeAgentRuntime with the session id, qualifier and JSON payload (real SDK, local endpoint)', async () => {
    const client = sdkClient(agent.url);
    const relay = createAgentCoreRelay({ client, runtimeArn: RUNTIME_ARN, qualifier: 'live', timeoutMs: 5_000 });

    await relay.invoke(-100123, payload);
    client.destroy();

    const [request] = agent.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/runtimes/${encodeURIComponent(RUNTIME_ARN)}/invocations?qualifier=live`);
    expect(request?.headers['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(sessionIdForChat(-100123));
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 .*bedrock-agentcore/);
    expect(JSON.parse(request?.body ?? '')).toEqual(payload);
  });

  it('rejects a runtime answer that is not "accepted"', async () => {
    agent.answer = () => ({ status: 200, body: '{"status":"failed"}' });
    const client = sdkClient(agent.url);
    const relay = createAgentCoreRelay({ client, runtimeArn: RUNTIME_ARN, timeoutMs: 5_000 });

    const error = await relay.invoke(1, payload).catch((e: unknown) => e);
    client.destroy();

    expect(error).toBeInstanceOf(AgentRelayRejectedError);
    expect(agent.received[0]?.url).toBe(`/runtimes/${encodeURIComponent(RUNTIME_ARN)}/invocations`);
  });

  it('times out a call that hangs, even if the client ignores the abort signal', async () => {
    const client = sdkClient(agent.url);
    // Fault injection: a send that never settles.
    client.send = (() => new Promise(() => {})) as typeof client.send;
    const relay = createAgentCoreRelay({ client, runtimeArn: RUNTIME_ARN, timeoutMs: 200 });
    const started = Date.now();

    const error = await relay.invoke(1, payload).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AgentRelayTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('aborts the SDK request itself at the deadline', async () => {
    agent.answer = () => 'hang';
    const client = sdkClient(agent.url);
    const relay = createAgentCoreRelay({ client, runtimeArn: RUNTIME_ARN, timeoutMs: 300 });

    const error = await relay.invoke(1, payload).catch((e: unknown) => e);
    await expect.poll(() => agent.received[0]?.abandoned, { timeout: 2_000 }).toBe(true);
    client.destroy();

    expect(error).toBeInstanceOf(AgentRelayTimeoutError);
  });

  it('turns throttling into a rejected relay carrying the status', async () => {
    const client = sdkClient(agent.url);
    client.send = (async () => {
      throw new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
    }) as typeof client.send;
    const relay = createAgentCoreRelay({ client, runtimeArn: RUNTIME_ARN, timeoutMs: 1_000 });

    const error = await relay.invoke(1, payload).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AgentRelayRejectedError);
    expect((error as AgentRelayRejectedError).status).toBe(429);
    expect((error as Error).cause).toBeInstanceOf(ThrottlingException);
  });
});

describe('relay wiring from config', () => {
  it('builds the AgentCore relay for an ARN and the HTTP relay for a URL', async () => {
    const client = new BedrockAgentCoreClient({ endpoint: agent.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

    await createRelay({ kind: 'agentcore', runtimeArn: RUNTIME_ARN }, 2_000, { agentCoreClient: client }).invoke(5, payload);
    await createRelay({ kind: 'http', url: agent.url }, 2_000, {}).invoke(5, payload);
    client.destroy();

    expect(agent.received.map((r) => r.url)).toEqual([`/runtimes/${encodeURIComponent(RUNTIME_ARN)}/invocations`, '/invocations']);
  });
});
