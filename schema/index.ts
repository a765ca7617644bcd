export * from './table.ts';
export * from './items.ts';
export * from './work-queues.ts';
export * from './telegram-update.ts';
export * from './lease.ts';
