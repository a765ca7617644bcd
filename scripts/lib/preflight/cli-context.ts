import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContextReader } from '../../../infra/config.ts';
import { REPO_ROOT } from '../../../infra/repo-paths.ts';

/** cdk.json's context overlaid with `-c key=value` / `--context key=value` arguments, as `cdk deploy` sees them. */
export function contextFromArgs(args: readonly string[], cdkJson = join(REPO_ROOT, 'cdk.json')): ContextReader {
  const file = existsSync(cdkJson) ? ((JSON.parse(readFileSync(cdkJson, 'utf8')) as { context?: Record<string, unknown> }).context ?? {}) : {};
  const fromArgs: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    let pair: string | undefined;
    if (arg === '-c' || arg === '--context') pair = args[++i];
    else if (arg.startsWith('--context=')) pair = arg.slice('--context='.length);
    if (!pair) continue;
    const at = pair.indexOf('=');
    if (at > 0) fromArgs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const merged: Record<string, unknown> = { ...file, ...fromArgs };
  return (key) => merged[key];
}
