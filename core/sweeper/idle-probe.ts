import type { DeliveryStore } from '../store/consumer-ports.ts';
import type { ReplyOutbox } from '../store/queue-port.ts';

/**
 * Whether a tick has anything to do, asked before it takes the sender lease: at most one row read per
 * due-index shard up to the window's end (the reads an idle sweep makes anyway), then the kept-reply
 * outbox. A tick with nothing to do leaves without writing — no lease taken and released, no status
 * item, no metrics — which is most of what an idle month would otherwise cost (README "Cost model").
 * A reminder written after the probe and due before the next tick is the agent's early timer's (it
 * covers anything due within 90 s of being scheduled), as it already was after an idle sweep.
 */
export async function tickHasWork(store: Pick<DeliveryStore, 'findDuePage' | 'dueShards'>, windowEnd: Date, outbox?: Pick<ReplyOutbox, 'chatsWaiting'>): Promise<boolean> {
  const pages = await Promise.all(Array.from({ length: store.dueShards }, (_, shard) => store.findDuePage(shard, windowEnd, { limit: 1 })));
  if (pages.some((page) => page.rows.length > 0)) return true;
  return outbox !== undefined && (await outbox.chatsWaiting()).length > 0;
}
