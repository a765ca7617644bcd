import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebSearchBackend } from 'bedrock-agentcore/web-search';
import { SearchRateLimitedError, SearchTimeoutError, SearchUnavailableError, type WebSearch } from '../../core/search/index.ts';
import { createBraveSearch } from '../../adapters/search/brave-search.ts';
import { createAgentCoreWebSearch } from '../../adapters/agentcore/web-search.ts';
import { startSearchStandIn, type SearchStandIn } from '../../local/search-standin/index.ts';

// The search port's "provider by name" adapter (Brave's web API) against the local stand-in over real HTTP.

let standIn: SearchStandIn;
let search: WebSearch;

beforeAll(async () => {
  standIn = await startSearchStandIn();
});
afterAll(async () => {
  await standIn?.stop();
});
beforeEach(() => {
  standIn.setFault({ kind: 'none' });
  standIn.setPages(undefined);
  search = createBraveSearch({ apiKey: standIn.apiKey, apiRoot: standIn.url, timeoutMs: 1_000 });
});

describe('Brave search adapter vs the local stand-in', () => {
  it('returns trimmed results with title, URL and snippet, markup stripped', async () => {
    // Act
    const results = await search.search('agentcore web search', { maxResults: 5 });

    // Assess
    expect(standIn.queries.at(-1)).toBe('agentcore web search');
    expect(results).toEqual([
      {
        title: 'Amazon Bedrock AgentCore adds web search',
        url: 'https://example.com/news/agentcore-web-search',
        snippet: 'AgentCore Gateway now offers a web search connector that agents call as an MCP tool.',
      },
    ]);
  });

  it('cuts long fields, drops results without an http(s) URL and honours maxResults', async () => {
    // Prepare
    standIn.setPages([
      { title: 'x'.repeat(500), url: 'https://a.example/1', description: 'word '.repeat(200) },
      { title: 'no link', url: 'javascript:alert(1)', description: 'word' },
      { title: 'second', url: 'https://a.example/2', description: 'word' },
      { title: 'third', url: 'https://a.example/3', description: 'word' },
    ]);

    // Act
    const results = await search.search('word', { maxResults: 2 });

    // Assess
    expect(results.map((r) => r.url)).toEqual(['https://a.example/1', 'https://a.example/2']);
    expect(results[0]?.title.length).toBe(120);
    expect(results[0]?.title.endsWith('…')).toBe(true);
    expect(results[0]?.snippet.length).toBeLessThanOrEqual(300);
  });

  it('an empty result list is an empty array, not an error', async () => {
    expect(await search.search('zzzz qqqq nothing matches', { maxResults: 5 })).toEqual([]);
  });

  it('429 becomes SearchRateLimitedError carrying Retry-After', async () => {
    // Prepare
    standIn.setFault({ kind: 'rate_limited', retryAfterSeconds: 7 });

    // Act
    const error = await search.search('agentcore', { maxResults: 5 }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SearchRateLimitedError);
    expect((error as SearchRateLimitedError).retryAfterSeconds).toBe(7);
  });

  it('5xx becomes SearchUnavailableError', async () => {
    standIn.setFault({ kind: 'server_error', status: 503 });
    const error = await search.search('agentcore', { maxResults: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect((error as Error).message).toContain('503');
  });

  it('a provider slower than the timeout becomes SearchTimeoutError', async () => {
    // Prepare
    standIn.setFault({ kind: 'slow', delayMs: 5_000 });
    const quick = createBraveSearch({ apiKey: standIn.apiKey, apiRoot: standIn.url, timeoutMs: 200 });

    // Act
    const error = await quick.search('agentcore', { maxResults: 5 }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SearchTimeoutError);
  });

  it('a wrong key is refused (401) and the key never appears in the error', async () => {
    // Prepare
    const wrong = createBraveSearch({ apiKey: 'secret-wrong-key-123', apiRoot: standIn.url });

    // Act
    const error = await wrong.search('agentcore', { maxResults: 5 }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect(String((error as Error).message)).not.toContain('secret-wrong-key-123');
  });

  it('an unreachable provider becomes SearchUnavailableError', async () => {
    const nowhere = createBraveSearch({ apiKey: 'k', apiRoot: 'http://127.0.0.1:1' });
    await expect(nowhere.search('agentcore', { maxResults: 5 })).rejects.toBeInstanceOf(SearchUnavailableError);
  });
});

describe('AgentCore web search adapter (bedrock-agentcore/web-search, through its backend seam)', () => {
  function backend(answer: () => Promise<unknown>): WebSearchBackend & { calls: unknown[] } {
    const calls: unknown[] = [];
    return {
      calls,
      search: (args) => {
        calls.push(args);
        return answer();
      },
      close: () => undefined,
    };
  }

  it("maps the SDK's results to the port's shape and passes maxResults", async () => {
    // Prepare
    const fake = backend(async () => ({
      id: 's-1',
      results: [
        { text: 'AgentCore <b>web search</b> is here', url: 'https://aws.example/ws', title: 'Web search' },
        { text: 'no url, dropped' },
      ],
    }));
    const agentcore = createAgentCoreWebSearch({ backend: fake });

    // Act
    const results = await agentcore.search('agentcore news', { maxResults: 3 });

    // Assess
    expect(fake.calls).toEqual([{ query: 'agentcore news', maxResults: 3 }]);
    expect(results).toEqual([{ title: 'Web search', url: 'https://aws.example/ws', snippet: 'AgentCore web search is here' }]);
  });

  it('throttling and other SDK errors become typed search errors', async () => {
    const { WebSearchError } = await import('bedrock-agentcore/web-search');
    const throttled = createAgentCoreWebSearch({ backend: backend(() => Promise.reject(new WebSearchError('Web search request failed with HTTP 429: slow down'))) });
    const broken = createAgentCoreWebSearch({ backend: backend(() => Promise.reject(new WebSearchError('Web search request failed with HTTP 500: boom'))) });
    await expect(throttled.search('x', { maxResults: 1 })).rejects.toBeInstanceOf(SearchRateLimitedError);
    await expect(broken.search('x', { maxResults: 1 })).rejects.toBeInstanceOf(SearchUnavailableError);
  });
});
