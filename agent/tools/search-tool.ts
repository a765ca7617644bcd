import { z } from 'zod';
import { SearchError } from '../../core/search/errors.ts';
import { UserInputError } from '../errors.ts';
import type { AgentTool } from '../model/tools.ts';
import { searchFailureText, TOOL_TEXT } from './texts.ts';

/** Results handed to the model per search: enough to summarise, little enough to keep the context small. */
export const SEARCH_MAX_RESULTS = 5;

export const webSearchTool: AgentTool = {
  name: 'web_search',
  description:
    'Search the web. Returns up to 5 results (title, URL, snippet). When you use a result, cite it as its title and URL. Use it for news and facts you may not know.',
  input: z.strictObject({
    query: z.string().trim().min(1).max(200).describe('What to search for'),
    max_results: z.number().int().min(1).max(SEARCH_MAX_RESULTS).optional(),
  }),
  async run(input: { query: string; max_results?: number }, ctx) {
    const search = ctx.deps.tools?.search;
    if (!search) throw new UserInputError(TOOL_TEXT.searchNotSetUp);
    try {
      const results = await search.search(input.query, { maxResults: input.max_results ?? SEARCH_MAX_RESULTS });
      if (results.length === 0) return TOOL_TEXT.searchNoResults(input.query);
      return results.map((r, i) => `${i + 1}. ${r.title} — ${r.url}\n${r.snippet}`).join('\n\n');
    } catch (error) {
      if (!(error instanceof SearchError)) throw error;
      ctx.deps.log.warn('web search failed', { provider: search.provider, chatId: ctx.chat.chatId, error: `${error.name}: ${error.message}` });
      throw new UserInputError(searchFailureText(error), { cause: error });
    }
  },
} as AgentTool;
