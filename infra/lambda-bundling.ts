import type { BuildOptions } from 'esbuild';
import { join, relative } from 'node:path';
import { REQUIRE_SHIM_BANNER } from './esm-banner.ts';
import { REPO_ROOT } from './repo-paths.ts';

/**
 * How both Lambdas are bundled, in one place: `NudgeFunction` hands these to CDK's local esbuild
 * bundling, and the sweeper-size benchmark builds the same bundle with {@link lambdaEsbuildOptions}
 * to measure what Lambda runs. Free of CDK imports (the values are CDK's enum strings), so the
 * benchmark does not load aws-cdk-lib.
 */
export const LAMBDA_BUNDLING = {
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourceMapMode: 'default',
  sourcesContent: false,
  banner: REQUIRE_SHIM_BANNER,
  // Bundle our pinned SDK v3 clients rather than trusting whichever the runtime ships: no externals.
  bundleAwsSDK: true,
} as const;

/** CDK names the bundle `index.mjs` for ESM output; the handler is its `handler` export. */
export const LAMBDA_BUNDLE_FILE = 'index.mjs';

/**
 * The esbuild build CDK's local bundling runs for {@link LAMBDA_BUNDLING} (its `esbuild --bundle
 * <entry> --target … --platform=node --format=esm --outfile=…/index.mjs --minify --sourcemap
 * --sources-content=false --banner:js=… --main-fields=module,main`, from the repository root), as
 * JS API options. test/infra/lambda-bundle.test.ts checks the output equals the staged asset byte for byte.
 */
export function lambdaEsbuildOptions(entry: string, outDir: string): BuildOptions {
  return {
    entryPoints: [join(REPO_ROOT, relative(REPO_ROOT, entry))],
    absWorkingDir: REPO_ROOT,
    outfile: join(outDir, LAMBDA_BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    target: LAMBDA_BUNDLING.target,
    format: LAMBDA_BUNDLING.format,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    banner: { js: LAMBDA_BUNDLING.banner },
    logLevel: 'silent',
  };
}
