export * from './port.ts';
export * from './errors.ts';
export { trimResults, SEARCH_LIMITS } from './trim.ts';
