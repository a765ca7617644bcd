/** One web result as the model and the person see it: a title and URL to cite, and a short snippet. */
export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

export interface SearchOptions {
  /** 1–10; providers may return fewer. */
  maxResults: number;
  signal?: AbortSignal;
}

/**
 * Web search behind one small port: AgentCore's web search on AWS, a provider by name (API key in
 * SSM), or the local stand-in. Failures are typed (see errors.ts), never raw provider errors.
 */
export interface WebSearch {
  /** Provider name for logs and the banner ("agentcore", "brave"). */
  readonly provider: string;
  search(query: string, options: SearchOptions): Promise<SearchResult[]>;
}
