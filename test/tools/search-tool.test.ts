import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBraveSearch } from '../../adapters/search/brave-search.ts';
import { startSearchStandIn, type SearchStandIn } from '../../local/search-standin/index.ts';
import { textReply, toolResultsOf, toolUseReply } from '../support/fake-bedrock.ts';
import { only, startAgent, startBackends, type AgentUnderTest, type Backends } from '../agent/harness.ts';
import { testTools } from './support.ts';

// The web_search tool in the model loop: scripted Converse tool calls, the real Brave adapter, the
// local search stand-in over HTTP. Failures reach the model as one helpful sentence.

let backends: Backends;
let standIn: SearchStandIn;
let agent: AgentUnderTest;

beforeAll(async () => {
  [backends, standIn] = await Promise.all([startBackends(), startSearchStandIn()]);
  const search = createBraveSearch({ apiKey: standIn.apiKey, apiRoot: standIn.url, timeoutMs: 300 });
  agent = await startAgent(backends, { withModel: true, tools: testTools({ search }) });
});
afterAll(async () => {
  await agent?.stop();
  await Promise.all([backends?.stop(), standIn?.stop()]);
});
beforeEach(() => {
  backends.bedrock.reset();
  standIn.setFault({ kind: 'none' });
});

/** Scripts one web_search call and returns what the tool answered the model. */
async function searchThroughModel(chatId: number, query: string): Promise<{ result: { status?: string; text: string } | undefined; reply: string }> {
  let result: { status?: string; text: string } | undefined;
  backends.bedrock.script(toolUseReply([{ name: 'web_search', input: { query } }]), (request) => {
    result = toolResultsOf(request)[0];
    return textReply('Here is what I found.');
  });
  const reply = only(await agent.say(chatId, `search the web for ${query}`)).text;
  return { result, reply };
}

describe('web_search', () => {
  it('is offered to the model, with a prompt line asking for title + URL citations', async () => {
    await searchThroughModel(600, 'agentcore web search');
    const request = backends.bedrock.requests[0]?.body;
    expect(request?.toolConfig?.tools.map((t) => t.toolSpec.name)).toContain('web_search');
    expect(request?.system?.[0]?.text).toContain('Cite each source you use as its title and URL.');
  });

  it('hands the model numbered results with title, URL and snippet', async () => {
    const { result } = await searchThroughModel(601, 'agentcore node');
    expect(result).toEqual({
      toolUseId: expect.any(String),
      status: 'success',
      text: '1. AgentCore Runtime supports Node.js 22 — https://example.com/news/agentcore-node22\nAgents written in TypeScript can now run on AgentCore Runtime from a code asset, without a container.',
    });
  });

  it('says plainly when nothing was found', async () => {
    const { result } = await searchThroughModel(602, 'quantum zebra pancakes');
    expect(result?.status).toBe('success');
    expect(result?.text).toBe('The web search for "quantum zebra pancakes" found nothing. Try other words, or answer from what you know and say so.');
  });

  it.each([
    [{ kind: 'rate_limited', retryAfterSeconds: 30 } as const, "Web search is busy right now (the provider's rate limit was reached); it should work again in about 30 s. Nothing was found this time — answer without it and say so."],
    [{ kind: 'server_error', status: 502 } as const, 'Web search is not working right now (the provider failed). Nothing was found this time — answer without it and say so, or suggest trying again later.'],
    [{ kind: 'slow', delayMs: 3_000 } as const, 'Web search did not answer in time. Nothing was found this time — answer without it and say so, or suggest trying again shortly.'],
  ])('a provider failure (%o) is an error result the model can relay, and the person still gets a reply', async (fault, expected) => {
    // Prepare
    standIn.setFault(fault);

    // Act
    const { result, reply } = await searchThroughModel(603, 'agentcore');

    // Assess
    expect(result).toMatchObject({ status: 'error', text: expected });
    expect(reply).toBe('Here is what I found.');
  });
});

describe('without a search provider', () => {
  it('the tool is not offered and the prompt tells the model to say search is not set up', async () => {
    // Prepare
    const plain = await startAgent(backends, { withModel: true, tools: testTools({}) });
    backends.bedrock.script(textReply('Web search is not set up for this bot.'));

    // Act
    const reply = only(await plain.say(610, 'search the news about AgentCore'));
    await plain.stop();

    // Assess
    const request = backends.bedrock.requests[0]?.body;
    expect(request?.toolConfig?.tools.map((t) => t.toolSpec.name)).not.toContain('web_search');
    expect(request?.system?.[0]?.text).toContain('Web search is not set up for this bot: if asked to search or look something up online, say that web search is not set up');
    expect(reply.text).toBe('Web search is not set up for this bot.');
  });

  it('a web_search call the model makes anyway is refused as unknown, nothing is searched', async () => {
    // Prepare
    const plain = await startAgent(backends, { withModel: true });
    const before = standIn.queries.length;
    let result: string | undefined;
    backends.bedrock.script(toolUseReply([{ name: 'web_search', input: { query: 'x' } }]), (request) => {
      result = toolResultsOf(request)[0]?.text;
      return textReply('Search is not set up.');
    });

    // Act
    await plain.say(611, 'search x');
    await plain.stop();

    // Assess
    expect(result).toBe('Unknown tool "web_search".');
    expect(standIn.queries.length).toBe(before);
  });
});
