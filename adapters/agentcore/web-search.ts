import { WebSearchClient, WebSearchError, type WebSearchBackend } from 'bedrock-agentcore/web-search';
import { SearchRateLimitedError, SearchTimeoutError, SearchUnavailableError } from '../../core/search/errors.ts';
import type { WebSearch } from '../../core/search/port.ts';
import { trimResults } from '../../core/search/trim.ts';

export interface AgentCoreWebSearchOptions {
  /** ARN of an AgentCore Gateway with a web search connector target; its region is the search region. */
  gatewayArn?: string;
  /** For tests: the SDK's own transport seam instead of a gateway. */
  backend?: WebSearchBackend;
  timeoutMs?: number;
}

/**
 * AgentCore web search through the `bedrock-agentcore/web-search` SDK: an MCP `tools/call` to a
 * Gateway's web search target, SigV4-signed with the runtime role's credentials (no API key).
 * Plain fetch and SigV4 — none of the SDK's Fastify runtime is loaded.
 */
export function createAgentCoreWebSearch(options: AgentCoreWebSearchOptions): WebSearch {
  const client = options.backend
    ? new WebSearchClient({ backend: options.backend })
    : new WebSearchClient({ gatewayArn: options.gatewayArn, ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}) });
  return {
    provider: 'agentcore',
    async search(query, { maxResults }) {
      try {
        const response = await client.search(query.slice(0, 200), { maxResults: Math.min(Math.max(maxResults, 1), 25) });
        return trimResults(
          response.results.map((r) => ({ title: r.title ?? '', url: r.url ?? '', snippet: r.text })),
          maxResults,
        );
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

function classify(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof WebSearchError) {
    // The SDK folds every failure into WebSearchError; its text carries the HTTP status or the abort.
    if (/HTTP 429|Throttl/i.test(message)) return new SearchRateLimitedError('AgentCore web search is throttling', undefined, { cause: error });
    if (/timeout|aborted/i.test(message)) return new SearchTimeoutError('AgentCore web search timed out', { cause: error });
  }
  return new SearchUnavailableError(`AgentCore web search failed: ${error instanceof Error ? error.name : 'error'}`, { cause: error });
}
