import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_BUNDLE_FILE, lambdaEsbuildOptions } from '../../infra/lambda-bundling.ts';
import { BENCH_DIR } from './results.ts';

export interface BuiltLambda {
  /** The handler bundle, built with the deploy's own esbuild options (infra/lambda-bundling.ts). */
  bundle: string;
  bundleBytes: number;
  /** The runner that imports it and invokes the handler as the Lambda runtime does (lambda-tick-child.ts), as plain JS. */
  runner: string;
  buildMs: number;
}

/** Builds `entry` as CDK's local bundling does, and the tick runner beside it, into `dir`. */
export async function buildLambdaForBench(entry: string, dir: string): Promise<BuiltLambda> {
  const started = performance.now();
  const runner = join(dir, 'tick-runner.mjs');
  await Promise.all([
    build(lambdaEsbuildOptions(entry, dir)),
    build({ entryPoints: [join(BENCH_DIR, 'harness', 'lambda-tick-child.ts')], outfile: runner, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' }),
  ]);
  const bundle = join(dir, LAMBDA_BUNDLE_FILE);
  return { bundle, bundleBytes: statSync(bundle).size, runner, buildMs: Math.round(performance.now() - started) };
}

/**
 * The heap limits the Lambda Node.js runtime's bootstrap derives from the function's memory (semi-space
 * 5 %, old space 90 % of it, as its bootstrap script has long done; assumed unchanged on nodejs22.x), so
 * the collector works under the pressure it would on Lambda at that size.
 */
export function lambdaHeapFlags(memoryMb: number): string[] {
  return [`--max-semi-space-size=${Math.floor((memoryMb * 5) / 100)}`, `--max-old-space-size=${Math.floor((memoryMb * 90) / 100)}`];
}
