import type { CostInputs } from '../../bench/cost-model.ts';

/** Round measured inputs the cost-model tests price by hand (1,024 MB sweeper, no busy share: whole minutes). */
export const SAMPLE_INPUTS: CostInputs = {
  idleSweep: { readUnits: 8, writeUnits: 0, lambdaMs: 100 },
  deliverOneTime: { readUnits: 0.5, writeUnits: 6, lambdaMs: 50 },
  deliverRecurring: { readUnits: 0.5, writeUnits: 7, lambdaMs: 50 },
  webhookUpdate: { readUnits: 1, writeUnits: 1, lambdaMs: 100 },
  createReminder: { readUnits: 0, writeUnits: 3 },
  schedulerTarget: { readUnits: 0.5, writeUnits: 2, lambdaMs: 30 },
  sweeperMemoryMb: 1024,
  webhookMemoryMb: 512,
};
