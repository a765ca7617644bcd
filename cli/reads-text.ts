import type { ReadMeter } from '../core/admin/index.ts';

/** "Read 18 items in 21 requests (no scan)." — so an admin sees what a command cost. */
export function readsText(reads: ReadMeter): string {
  return `Read ${reads.items} item${reads.items === 1 ? '' : 's'} in ${reads.requests} request${reads.requests === 1 ? '' : 's'} (no scan).`;
}
