// `npx tsx local/search-standin/main.ts`: the search stand-in alone, for trying the Brave adapter by hand.
// NUDGE_SEARCH_STANDIN_PORT (default 0: any free port), NUDGE_SEARCH_API_KEY (default local-search-key).
import { startSearchStandIn } from './server.ts';

const standIn = await startSearchStandIn({
  port: Number(process.env.NUDGE_SEARCH_STANDIN_PORT ?? 0),
  ...(process.env.NUDGE_SEARCH_API_KEY ? { apiKey: process.env.NUDGE_SEARCH_API_KEY } : {}),
});
console.log(`search stand-in on ${standIn.url}/res/v1/web/search?q=agentcore (header X-Subscription-Token)`);
const stop = () => void standIn.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
