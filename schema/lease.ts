import { z } from 'zod';

/**
 * The sweeper's sender lease: one row per bot, `LEASE#sweeper / LEASE`. Whoever holds it (an
 * unexpired `expiresAtMs`) is the one run claiming due reminders; the others wait for its
 * announced `releaseAt` or leave. Times are epoch milliseconds: the handover works in sub-second
 * steps, which epoch-second TTL attributes cannot express (and TTL deletion is never relied on).
 */
export const leaseKeys = {
  pk: (name: string): string => `LEASE#${name}`,
  sk: 'LEASE',
} as const;

export const SenderLeaseItem = z.object({
  pk: z.string(),
  sk: z.literal('LEASE'),
  type: z.literal('lease'),
  /** Run id of the holder (tick time + Lambda request id). */
  holder: z.string().min(1),
  /** The EventBridge tick (scheduled time, epoch ms) the holder serves; a duplicate tick sees its own. */
  tickAtMs: z.number().int(),
  /** Lapses here unless renewed: a crashed holder blocks others for at most one lease length. */
  expiresAtMs: z.number().int(),
  /** When the holder will stop claiming and let go (its window's end). */
  releaseAtMs: z.number().int(),
  /** The oldest tick waiting for the lease: it goes next, so waiting ticks take turns in order. */
  waitingTickAtMs: z.number().int().optional(),
  /** That waiter's place lapses here unless it polls again (a waiter that died must not block the line). */
  waitingUntilMs: z.number().int().optional(),
});
export type SenderLeaseItem = z.infer<typeof SenderLeaseItem>;
