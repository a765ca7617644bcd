import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import type { DeliveryOptions } from './types.ts';

export interface ResolvedDeliveryOptions {
  leaseMs: number;
  maxAttempts: number;
  claimLeadMs: number;
  backoff: BackoffPolicy;
}

export const SWEEP_DEFAULTS = {
  lookAheadMs: 60_000,
  leaseMs: 30_000,
  maxAttempts: 8,
  claimLeadMs: 1_000,
  concurrency: 16,
  requeryIntervalMs: 10_000,
} as const;

export function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`sweeper option ${name} must be a positive number, got ${value}`);
  return value;
}

/** Defaults filled in and every number checked, so a typo in config fails at wiring time, not mid-delivery. */
export function resolveDeliveryOptions(options: DeliveryOptions = {}): ResolvedDeliveryOptions {
  const leaseMs = positive('leaseMs', options.leaseMs ?? SWEEP_DEFAULTS.leaseMs);
  const claimLeadMs = options.claimLeadMs ?? SWEEP_DEFAULTS.claimLeadMs;
  if (!(claimLeadMs >= 0) || claimLeadMs >= leaseMs) throw new RangeError(`sweeper option claimLeadMs must be >= 0 and shorter than the lease, got ${claimLeadMs}`);
  const maxAttempts = options.maxAttempts ?? SWEEP_DEFAULTS.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`sweeper option maxAttempts must be a positive integer, got ${maxAttempts}`);
  return {
    leaseMs,
    maxAttempts,
    claimLeadMs,
    backoff: {
      baseMs: positive('retryBaseMs', options.retryBaseMs ?? DEFAULT_BACKOFF.baseMs),
      maxMs: positive('retryMaxMs', options.retryMaxMs ?? DEFAULT_BACKOFF.maxMs),
    },
  };
}
