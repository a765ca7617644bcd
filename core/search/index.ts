export * from './port.ts';
export * from './errors.ts';
export { trimResults, SEARCH_LIMITS } from './trim.ts';
export { createBraveSearch, BRAVE_API_ROOT, type BraveSearchOptions } from './brave-search.ts';
