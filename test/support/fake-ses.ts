import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server speaking the part of Amazon SES v2's REST protocol Nudge uses:
 * `POST /v2/email/outbound-emails` (SendEmail), JSON in, `{ MessageId }` out, errors named by the
 * `x-amzn-errortype` header as AWS sends them. Point the real `SESv2Client` at it with `endpoint`.
 */
export interface SesSendRequest {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  Content?: { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string } } } };
}

export type SesFault = { status: number; type: string; message: string };

export interface FakeSes {
  url: string;
  /** Every SendEmail received (failed ones included), in order. */
  requests: SesSendRequest[];
  /** The next sends fail this way until cleared with `undefined`. */
  failWith(fault: SesFault | undefined): void;
  stop(): Promise<void>;
}

export const SES_SANDBOX_REJECTION = (address: string): SesFault => ({
  status: 400,
  type: 'MessageRejected',
  message: `Email address is not verified. The following identities failed the check in region US-EAST-1: ${address}`,
});

export const SES_THROTTLED: SesFault = { status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' };

export async function startFakeSes(): Promise<FakeSes> {
  const requests: SesSendRequest[] = [];
  let fault: SesFault | undefined;
  let counter = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown, type?: string) =>
        res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) }).end(JSON.stringify(body));
      if (req.method !== 'POST' || req.url !== '/v2/email/outbound-emails') return reply(404, { message: `fake-ses: no route for ${req.method} ${req.url}` }, 'NotFoundException');
      requests.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as SesSendRequest);
      if (fault) return reply(fault.status, { message: fault.message }, fault.type);
      reply(200, { MessageId: `fake-ses-${++counter}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failWith: (next) => {
      fault = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
