import { SearchRateLimitedError, SearchTimeoutError, SearchUnavailableError } from '../../core/search/errors.ts';
import type { SearchOptions, SearchResult, WebSearch } from '../../core/search/port.ts';
import { trimResults } from '../../core/search/trim.ts';

export interface BraveSearchOptions {
  apiKey: string;
  /** Default https://api.search.brave.com; the local stand-in speaks the same API. */
  apiRoot?: string;
  /** Per search; the model loop waits on it. Default 8 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const BRAVE_API_ROOT = 'https://api.search.brave.com';

/** Asked for beyond maxResults: results without a usable URL are dropped after the fact. */
const EXTRA_RESULTS = 2;

/**
 * The "provider by name" option: Brave Search's web API (`GET /res/v1/web/search?q=&count=`, key in
 * the `X-Subscription-Token` header). Plain fetch, no SDK. The key never appears in an error.
 */
export function createBraveSearch(options: BraveSearchOptions): WebSearch {
  const root = (options.apiRoot ?? BRAVE_API_ROOT).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 8_000;
  const doFetch = options.fetch ?? fetch;
  return {
    provider: 'brave',
    async search(query: string, { maxResults, signal }: SearchOptions): Promise<SearchResult[]> {
      const url = `${root}/res/v1/web/search?${new URLSearchParams({ q: query, count: String(Math.min(maxResults + EXTRA_RESULTS, 20)) })}`;
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await doFetch(url, {
          headers: { accept: 'application/json', 'x-subscription-token': options.apiKey },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (error) {
        if (timeout.aborted) throw new SearchTimeoutError(`search provider did not answer within ${timeoutMs} ms`, { cause: error });
        throw new SearchUnavailableError(`search provider unreachable: ${error instanceof Error ? error.name : 'error'}`, { cause: error });
      }
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after'));
        throw new SearchRateLimitedError('search provider rate limit reached (HTTP 429)', Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
      }
      if (!response.ok) throw new SearchUnavailableError(`search provider answered HTTP ${response.status}`);
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if (timeout.aborted) throw new SearchTimeoutError(`search provider did not answer within ${timeoutMs} ms`, { cause: error });
        throw new SearchUnavailableError('search provider sent something that is not JSON', { cause: error });
      }
      const results = (body as { web?: { results?: unknown } } | null)?.web?.results;
      if (results === undefined) return [];
      if (!Array.isArray(results)) throw new SearchUnavailableError('search provider answer has no result list');
      return trimResults(
        results.map((r: { title?: unknown; url?: unknown; description?: unknown }) => ({
          title: typeof r?.title === 'string' ? r.title : '',
          url: typeof r?.url === 'string' ? r.url : '',
          snippet: typeof r?.description === 'string' ? r.description : '',
        })),
        maxResults,
      );
    },
  };
}
