/**
 * `npm run preflight [-- -c allowedUserIds=… -c modelId=…]`: checks an AWS account and region before
 * the first deploy; prints one line per check (each failure with its fix); exits 1 if any failed.
 */
import { STSClient } from '@aws-sdk/client-sts';
import { runScript } from './lib/run.ts';
import { contextFromArgs } from './lib/preflight/cli-context.ts';
import { runPreflight } from './lib/preflight/run-preflight.ts';
import { formatResult } from './lib/preflight/types.ts';
import { ScriptError } from './lib/errors.ts';

/** The region the SDK (and so `cdk deploy`) would use: AWS_REGION, else the profile's; undefined when none. */
export async function deployRegion(): Promise<string | undefined> {
  try {
    return await new STSClient({}).config.region();
  } catch {
    return undefined;
  }
}

export async function preflight(args: readonly string[]): Promise<boolean> {
  const results = await runPreflight({ region: await deployRegion(), context: contextFromArgs(args) });
  for (const result of results) process.stdout.write(`${formatResult(result)}\n`);
  return results.every((result) => result.ok);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runScript(async () => {
    if (!(await preflight(process.argv.slice(2)))) throw new ScriptError('Preflight failed: fix the lines marked ✗ and run npm run preflight again.');
    process.stdout.write('Preflight passed: npm run deploy\n');
  }, () => []);
}
