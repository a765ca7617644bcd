import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gitCommit, machineInfo } from './harness/machine.ts';
import { BENCH_DIR, printTable, writeResult, type ScenarioOutput } from './harness/results.ts';

/**
 * Benchmark runner: `npm run bench [scenario …] [--quick]`. Loads `bench/*.bench.ts` (each exports
 * `name`, `run({ quick })` and optionally `order`), runs them one after another — never in parallel,
 * they would measure each other — prints each table and writes `bench/results/<name>.json`
 * (`bench/results/quick/` with `--quick`, so a smoke run never overwrites the committed figures).
 */
export interface ScenarioContext {
  quick: boolean;
}

interface Scenario {
  name: string;
  /** Lower runs first; the cost model (which reads the others' results) runs last. */
  order?: number;
  run(context: ScenarioContext): Promise<ScenarioOutput>;
}

// The SDK's eight-line "upgrade to Node 22" notice (Node 20 here) would bury the tables; the child dynalite inherits this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SHARED_MACHINE_NOTE = 'Measured on a 2-core machine shared with other work (see machine.loadAverageAtStart); compare runs on the same machine only.';

async function loadScenarios(): Promise<{ scenarios: Scenario[]; broken: string[] }> {
  const files = (await readdir(BENCH_DIR)).filter((file) => file.endsWith('.bench.ts')).sort();
  const scenarios: Scenario[] = [];
  const broken: string[] = [];
  for (const file of files) {
    try {
      const loaded = (await import(pathToFileURL(join(BENCH_DIR, file)).href)) as Partial<Scenario>;
      if (typeof loaded.name !== 'string' || typeof loaded.run !== 'function') throw new Error('must export name: string and run(context)');
      scenarios.push(loaded as Scenario);
    } catch (error) {
      broken.push(file);
      console.error(`✘ cannot load ${file}:`, error instanceof Error ? error.message : error);
    }
  }
  scenarios.sort((a, b) => (a.order ?? 50) - (b.order ?? 50) || a.name.localeCompare(b.name));
  return { scenarios, broken };
}

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const wanted = argv.filter((arg) => !arg.startsWith('--'));
  const unknownFlags = argv.filter((arg) => arg.startsWith('--') && arg !== '--quick');
  if (unknownFlags.length > 0) {
    console.error(`unknown option(s): ${unknownFlags.join(', ')}; usage: npm run bench [scenario …] [--quick]`);
    return 2;
  }
  const { scenarios, broken } = await loadScenarios();
  const unknown = wanted.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; available: ${scenarios.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const chosen = wanted.length > 0 ? scenarios.filter((scenario) => wanted.includes(scenario.name)) : scenarios;
  let failed = broken.length;
  const began = Date.now();
  // The code that runs is what was loaded now: later edits to the tree must not relabel the figures.
  const commit = gitCommit(BENCH_DIR);
  for (const scenario of chosen) {
    console.log(`\n▶ ${scenario.name}${quick ? ' (quick)' : ''}`);
    const machine = machineInfo();
    const started = Date.now();
    try {
      const output = await scenario.run({ quick });
      const file = await writeResult({
        name: scenario.name,
        quick,
        finishedAt: new Date().toISOString(),
        seconds: (Date.now() - started) / 1000,
        commit,
        machine,
        note: SHARED_MACHINE_NOTE,
        ...output,
      });
      printTable(output.rows);
      console.log(`✔ ${scenario.name} in ${((Date.now() - started) / 1000).toFixed(1)} s → ${file}`);
    } catch (error) {
      failed++;
      console.error(`✘ ${scenario.name} failed:`, error);
    }
  }
  console.log(`\n${chosen.length} scenario(s) in ${((Date.now() - began) / 1000).toFixed(0)} s${failed ? `, ${failed} failed` : ''}`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
