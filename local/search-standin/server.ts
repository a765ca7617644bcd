import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findPages, type StandInPage } from './corpus.ts';

/** How the next searches fail; tests switch these on, `none` answers normally. */
export type SearchFault = { kind: 'none' } | { kind: 'rate_limited'; retryAfterSeconds: number } | { kind: 'server_error'; status: number } | { kind: 'slow'; delayMs: number };

export interface SearchStandIn {
  /** Use as the Brave adapter's `apiRoot`. */
  url: string;
  /** The API key it accepts (any request without it gets 401, as the real API does). */
  apiKey: string;
  /** Queries received, in order. */
  queries: string[];
  setFault(fault: SearchFault): void;
  /** Replaces the fixed pages (tests that need particular results). */
  setPages(pages: readonly StandInPage[] | undefined): void;
  stop(): Promise<void>;
}

/**
 * A small HTTP server speaking the part of Brave Search's web API Nudge uses
 * (`GET /res/v1/web/search?q=&count=` with `X-Subscription-Token`), answering from a fixed corpus,
 * with switchable faults (429 with Retry-After, 5xx, slow answers). Local mode uses it when
 * `NUDGE_SEARCH_PROVIDER=standin`; the tests point the real adapter at it.
 */
export async function startSearchStandIn(options: { port?: number; host?: string; apiKey?: string } = {}): Promise<SearchStandIn> {
  const apiKey = options.apiKey ?? 'local-search-key';
  const queries: string[] = [];
  let fault: SearchFault = { kind: 'none' };
  let pages: readonly StandInPage[] | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/res/v1/web/search') return json(404, { error: 'not found' });
    if (req.headers['x-subscription-token'] !== apiKey) return json(401, { error: 'invalid subscription token' });
    const q = url.searchParams.get('q') ?? '';
    queries.push(q);
    const count = Math.min(Math.max(Number(url.searchParams.get('count')) || 10, 1), 20);
    const answer = () => {
      const found = pages ? pages.filter((p) => findPagesIn(p, q)) : findPages(q);
      json(200, { type: 'search', query: { original: q }, web: { type: 'search', results: found.slice(0, count).map((p) => ({ ...p, type: 'search_result' })) } });
    };
    switch (fault.kind) {
      case 'rate_limited':
        return json(429, { error: 'rate limited' }, { 'retry-after': String(fault.retryAfterSeconds) });
      case 'server_error':
        return json(fault.status, { error: 'upstream failure' });
      case 'slow': {
        const timer = setTimeout(answer, fault.delayMs);
        res.once('close', () => clearTimeout(timer));
        return;
      }
      default:
        return answer();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    apiKey,
    queries,
    setFault: (next) => {
      fault = next;
    },
    setPages: (next) => {
      pages = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** With pages set by a test, a page matches when any query word appears in it. */
function findPagesIn(page: StandInPage, query: string): boolean {
  const text = `${page.title} ${page.description}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\W+/)
    .some((word) => word.length > 2 && text.includes(word));
}
