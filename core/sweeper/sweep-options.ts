import { positive, resolveDeliveryOptions, SWEEP_DEFAULTS, type ResolvedDeliveryOptions } from '../delivery/options.ts';
import type { SweepOptions } from './types.ts';

export interface ResolvedSweepOptions extends ResolvedDeliveryOptions {
  lookAheadMs: number;
  deadline: Date;
  concurrency: number;
  requeryIntervalMs: number;
}

export function resolveSweepOptions(options: SweepOptions): ResolvedSweepOptions {
  if (!(options.deadline instanceof Date) || Number.isNaN(options.deadline.getTime())) throw new RangeError('sweeper option deadline must be a valid Date');
  const concurrency = options.concurrency ?? SWEEP_DEFAULTS.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`sweeper option concurrency must be a positive integer, got ${concurrency}`);
  return {
    ...resolveDeliveryOptions(options),
    lookAheadMs: positive('lookAheadMs', options.lookAheadMs ?? SWEEP_DEFAULTS.lookAheadMs),
    deadline: options.deadline,
    concurrency,
    requeryIntervalMs: positive('requeryIntervalMs', options.requeryIntervalMs ?? SWEEP_DEFAULTS.requeryIntervalMs),
  };
}
