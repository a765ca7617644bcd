import type { SearchResult } from './port.ts';

/** Limits that keep a result list small enough for the model's context and a Telegram message. */
export const SEARCH_LIMITS = { maxResults: 10, title: 120, snippet: 300, url: 500, query: 200 } as const;

/**
 * Normalises provider results: markup stripped (providers highlight matches with <strong>), space
 * collapsed, fields cut to size, results without an http(s) URL dropped (nothing to cite), at most
 * `maxResults`.
 */
export function trimResults(raw: ReadonlyArray<{ title?: string; url?: string; snippet?: string }>, maxResults: number): SearchResult[] {
  const out: SearchResult[] = [];
  for (const item of raw) {
    if (out.length >= Math.min(maxResults, SEARCH_LIMITS.maxResults)) break;
    const url = (item.url ?? '').trim();
    if (!/^https?:\/\//i.test(url) || url.length > SEARCH_LIMITS.url) continue;
    out.push({
      title: cut(plain(item.title ?? '') || url, SEARCH_LIMITS.title),
      url,
      snippet: cut(plain(item.snippet ?? ''), SEARCH_LIMITS.snippet),
    });
  }
  return out;
}

function plain(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_m, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[entity] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
