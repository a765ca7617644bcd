import { createServer, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that speaks the Bedrock Runtime Converse wire protocol (restJson1:
 * `POST /model/<modelId>/converse`, JSON body in, JSON body out, errors named by the
 * `x-amzn-errortype` header) with scripted replies. Point the real `BedrockRuntimeClient` at it
 * with `endpoint`, so the SDK's serializer, signer and error parsing all run for real.
 * It speaks HTTP/2 (cleartext, prior knowledge) because the Bedrock Runtime client's default
 * request handler is HTTP/2 only — an HTTP/1.1 server gets "Protocol error".
 */

/** The request body the SDK sends (the parts tests look at). */
export interface ConverseRequestBody {
  messages: Array<{ role: 'user' | 'assistant'; content: ContentBlockJson[] }>;
  system?: Array<{ text?: string }>;
  inferenceConfig?: { maxTokens?: number; temperature?: number };
  toolConfig?: { tools: Array<{ toolSpec: { name: string; description?: string; inputSchema: { json: unknown } } }> };
}

export type ContentBlockJson =
  | { text: string }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: Array<{ text?: string; json?: unknown }>; status?: 'success' | 'error' } };

export interface RecordedConverse {
  modelId: string;
  body: ConverseRequestBody;
}

export interface ConverseReply {
  content: ContentBlockJson[];
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';
}

export interface FakeBedrockError {
  error: { status: number; type: string; message: string };
}

/** A scripted step: a fixed reply or error, or a function of the request (to answer tool results). */
export type ScriptedStep = ConverseReply | FakeBedrockError | ((request: ConverseRequestBody) => ConverseReply | FakeBedrockError);

export interface FakeBedrock {
  url: string;
  /** Every Converse request received, in order. */
  requests: RecordedConverse[];
  /** Appends steps; each request consumes one. With none left the server answers a ValidationException. */
  script(...steps: ScriptedStep[]): void;
  /** Steps not yet consumed. */
  remaining(): number;
  /** Forgets recorded requests and unconsumed steps (between tests). */
  reset(): void;
  stop(): Promise<void>;
}

/** A final text answer. */
export function textReply(text: string): ConverseReply {
  return { content: [{ text }], stopReason: 'end_turn' };
}

let toolUseCounter = 0;

/** The model asks for one or more tool calls (optionally with some text before them). */
export function toolUseReply(calls: Array<{ name: string; input: unknown }>, text?: string): ConverseReply {
  return {
    content: [
      ...(text ? [{ text }] : []),
      ...calls.map((call) => ({ toolUse: { toolUseId: `tooluse_${++toolUseCounter}`, name: call.name, input: call.input } })),
    ],
    stopReason: 'tool_use',
  };
}

export function errorReply(status: number, type: string, message: string): FakeBedrockError {
  return { error: { status, type, message } };
}

/** The tool results in the last user message of a request (what the agent answered to our tool calls). */
export function toolResultsOf(request: ConverseRequestBody): Array<{ toolUseId: string; status?: string; text: string }> {
  const last = request.messages.at(-1);
  return (last?.content ?? []).flatMap((block) =>
    'toolResult' in block
      ? [
          {
            toolUseId: block.toolResult.toolUseId,
            status: block.toolResult.status,
            text: block.toolResult.content.map((part) => part.text ?? JSON.stringify(part.json)).join('\n'),
          },
        ]
      : [],
  );
}

/**
 * Scripts one round: the model calls these tools, then answers `text`. The returned list fills, when the
 * agent answers the calls, with each tool result as "status: text".
 */
export function scriptToolRound(bedrock: Pick<FakeBedrock, 'script'>, calls: Array<{ name: string; input: unknown }>, text: string): string[] {
  const results: string[] = [];
  bedrock.script(toolUseReply(calls), (request) => {
    results.push(...toolResultsOf(request).map((r) => `${r.status}: ${r.text}`));
    return textReply(text);
  });
  return results;
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeBedrock(): Promise<FakeBedrock> {
  const requests: RecordedConverse[] = [];
  const steps: ScriptedStep[] = [];

  const sessions = new Set<Http2Session>();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, 500, { message: String(error) }, 'InternalServerException');
    });
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });

  async function handle(req: Http2ServerRequest, res: Http2ServerResponse): Promise<void> {
    const match = /^\/model\/([^/]+)\/converse$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match?.[1]) {
      send(res, 404, { message: `fake-bedrock: no route for ${req.method} ${req.url}` }, 'UnknownOperationException');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConverseRequestBody;
    requests.push({ modelId: decodeURIComponent(match[1]), body });

    const step = steps.shift();
    if (!step) {
      send(res, 400, { message: 'fake-bedrock: no scripted reply left' }, 'ValidationException');
      return;
    }
    const outcome = typeof step === 'function' ? step(body) : step;
    if ('error' in outcome) {
      send(res, outcome.error.status, { message: outcome.error.message }, outcome.error.type);
      return;
    }
    send(res, 200, {
      output: { message: { role: 'assistant', content: outcome.content } },
      stopReason: outcome.stopReason,
      usage: { inputTokens: 100, outputTokens: 20, totalTokens: 120 },
      metrics: { latencyMs: 5 },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...more) => void steps.push(...more),
    remaining: () => steps.length,
    reset: () => {
      requests.length = 0;
      steps.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
}

function send(res: Http2ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers).end(JSON.stringify(body));
}
