import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedInvocation {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Set when the caller closed the connection before an answer was sent (an aborted request). */
  abandoned?: boolean;
}

export type AgentAnswer = { status: number; body: string; delayMs?: number } | 'hang';

export interface RecordingAgent {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  received: RecordedInvocation[];
  /** Decides each answer; the default accepts everything like the real agent. */
  answer: (request: RecordedInvocation) => AgentAnswer;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<RecordedInvocation[]>;
  stop(): Promise<void>;
}

export const ACCEPTED: AgentAnswer = { status: 200, body: '{"status":"accepted"}' };

/** A stand-in for the agent's HTTP server (or AgentCore's data plane) that records every request it gets. */
export async function startRecordingAgent(): Promise<RecordingAgent> {
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const agent: RecordingAgent = {
    url: '',
    received: [],
    answer: () => ACCEPTED,
    async waitFor(count, timeoutMs = 10_000) {
      if (agent.received.length < count) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`agent got ${agent.received.length} of ${count} requests in ${timeoutMs} ms`)), timeoutMs);
          waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
        });
      }
      return agent.received;
    },
    stop: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedInvocation = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      agent.received.push(recorded);
      for (const waiter of waiters.filter((w) => agent.received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const answer = agent.answer(recorded);
      if (answer === 'hang') {
        // Never answers; a caller that gives up closes the socket, which is what tests look for.
        res.once('close', () => (recorded.abandoned = true));
        return;
      }
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  agent.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return agent;
}
