/** What the local search stand-in "finds": a few fixed pages, so local mode and tests get stable results offline. */
export interface StandInPage {
  title: string;
  url: string;
  description: string;
}

export const STAND_IN_PAGES: readonly StandInPage[] = [
  {
    title: 'Amazon Bedrock <strong>AgentCore</strong> adds web search',
    url: 'https://example.com/news/agentcore-web-search',
    description: 'AgentCore Gateway now offers a <strong>web search</strong> connector that agents call as an MCP tool.',
  },
  {
    title: 'AgentCore Runtime supports Node.js 22',
    url: 'https://example.com/news/agentcore-node22',
    description: 'Agents written in TypeScript can now run on AgentCore Runtime from a code asset, without a container.',
  },
  {
    title: 'Telegram Bot API 9.0 released',
    url: 'https://example.com/news/telegram-bot-api',
    description: 'The new Bot API version brings business accounts, gifts and checklists.',
  },
  {
    title: 'How to keep reminders on time across daylight saving',
    url: 'https://example.com/blog/dst-reminders',
    description: 'Store the wall time and the IANA zone, and compute each occurrence in that zone.',
  },
];

/** Pages whose title or text contains every word of the query (case-insensitive, markup ignored). */
export function findPages(query: string): StandInPage[] {
  const words = query.toLowerCase().split(/\W+/).filter((w) => w.length > 2 && !STOP_WORDS.has(w));
  if (words.length === 0) return [];
  return STAND_IN_PAGES.filter((page) => {
    const text = `${page.title} ${page.description}`.replace(/<[^>]*>/g, '').toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

const STOP_WORDS = new Set(['the', 'about', 'news', 'latest', 'what', 'and', 'for', 'with']);
