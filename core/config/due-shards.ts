import { DEFAULT_DUE_SHARDS } from '../../schema/index.ts';
import { integer, optionalString, type Env } from './env.ts';

/**
 * `NUDGE_DUE_SHARDS`, read the same way by every runtime that builds a store (agent, webhook, sweeper,
 * CLI, local mode): a writer and the sweeper that disagree on it lose reminders (#12 item 1).
 * Undefined when unset, which every store reads as DEFAULT_DUE_SHARDS.
 */
export function readDueShards(env: Env): number | undefined {
  if (optionalString(env, 'NUDGE_DUE_SHARDS') === undefined) return undefined;
  return integer(env, 'NUDGE_DUE_SHARDS', DEFAULT_DUE_SHARDS, { min: 1, max: 1000 });
}
