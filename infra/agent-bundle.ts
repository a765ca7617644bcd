import { buildSync } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { REQUIRE_SHIM_BANNER } from './esm-banner.ts';
import { REPO_ROOT } from './repo-paths.ts';

/** File name AgentCore starts; its docs ask for a `.js` entry point, made ESM by the sibling package.json. */
export const AGENT_ENTRY_FILE = 'main.js';

/** esbuild could not build the agent; carries esbuild's own error. */
export class AgentBundleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AgentBundleError';
  }
}

/**
 * Bundles the agent entry (TypeScript, ESM) with esbuild's JS API into `dir` (emptied first):
 * one `main.js` with every dependency inside, plus a `package.json` that marks the folder as ESM.
 * Synchronous because CDK constructors are. No Docker, no `npm install` in the asset.
 */
export function bundleAgent(entry: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    buildSync({
      entryPoints: [entry],
      outfile: join(dir, AGENT_ENTRY_FILE),
      absWorkingDir: REPO_ROOT,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      mainFields: ['module', 'main'],
      minify: true,
      // Linked map without embedded sources: stack traces resolve and the asset stays small.
      sourcemap: 'linked',
      sourcesContent: false,
      banner: { js: REQUIRE_SHIM_BANNER },
      logLevel: 'silent',
      legalComments: 'none',
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new AgentBundleError(`esbuild could not bundle the agent entry ${entry}: ${(error as Error).message}`, { cause: error });
  }
  relativiseSourceMap(join(dir, `${AGENT_ENTRY_FILE}.map`), dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);
}

/**
 * esbuild writes map sources relative to the (random) temp folder; rewriting them relative to
 * the repository keeps the asset hash identical between synths, so an unchanged agent is not
 * redeployed.
 */
function relativiseSourceMap(mapFile: string, outDir: string): void {
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[] };
  map.sources = map.sources.map((source) => relative(REPO_ROOT, resolve(outDir, source)).split('\\').join('/'));
  writeFileSync(mapFile, JSON.stringify(map));
}
