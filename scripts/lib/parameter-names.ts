import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParameterNames } from '../../infra/config.ts';
import { REPO_ROOT } from '../../infra/repo-paths.ts';

/**
 * The SSM parameter names the stack grants read on: `cdk.json` context, else the defaults.
 * Scripts accept `--token-parameter` / `--secret-parameter` for names passed with `cdk deploy -c`.
 */
export function parameterNames(): { botToken: string; webhookSecret: string } {
  const file = join(REPO_ROOT, 'cdk.json');
  const context = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {}) : {};
  const config = readParameterNames((key) => context[key]);
  return { botToken: config.botTokenParameter, webhookSecret: config.webhookSecretParameter };
}
