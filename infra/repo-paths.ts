import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repository root, found from this file so synth works from any working directory. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The real runtime entry points; the stack takes them as props so tests can pass fixtures. */
export const DEFAULT_ENTRIES = {
  webhook: join(REPO_ROOT, 'handlers', 'webhook.ts'),
  sweeper: join(REPO_ROOT, 'handlers', 'sweeper.ts'),
  agent: join(REPO_ROOT, 'agent', 'main.ts'),
} as const;

export type RuntimeEntries = { webhook: string; sweeper: string; agent: string };
