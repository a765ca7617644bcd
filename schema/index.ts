export * from './table.ts';
export * from './items.ts';
