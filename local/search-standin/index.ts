export { startSearchStandIn, type SearchFault, type SearchStandIn } from './server.ts';
export { STAND_IN_PAGES, type StandInPage } from './corpus.ts';
