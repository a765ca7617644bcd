import type { SenderLeaseItem } from '../../schema/index.ts';

/** The lease row as the sweeper sees it. */
export type SenderLease = Omit<SenderLeaseItem, 'pk' | 'sk' | 'type' | 'waitingTickAtMs' | 'waitingUntilMs'> & Partial<Pick<SenderLeaseItem, 'waitingTickAtMs' | 'waitingUntilMs'>>;

/** Conditional writes on the one lease row; each returns false when the condition says "not yours". */
export interface SenderLeaseStore {
  /** Takes the lease if it is free, lapsed, or already ours, and no older tick is waiting for it. */
  acquire(lease: SenderLease, nowMs: number): Promise<boolean>;
  /** Queues this tick as next in line unless an older one is; the place lasts until `untilMs`. */
  queue(tickAtMs: number, untilMs: number, nowMs: number): Promise<boolean>;
  /** Extends our lease (and may move its announced release); false once someone else holds it. */
  renew(holder: string, expiresAtMs: number, releaseAtMs: number): Promise<boolean>;
  /** Lets go of our lease; a no-op when it already lapsed to someone else. */
  release(holder: string): Promise<void>;
  read(): Promise<SenderLease | undefined>;
}
