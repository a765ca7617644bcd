export * from './table.ts';
export * from './items.ts';
export * from './lease.ts';
