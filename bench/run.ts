import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Benchmark runner: `npm run bench [name …]`. Loads every `bench/*.bench.ts` (each exports
 * `name` and `run()`), runs them one after another — never in parallel, they would measure each
 * other — prints a summary and writes `bench/results/<name>.json`.
 */
interface BenchModule {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

const benchDir = dirname(fileURLToPath(import.meta.url));

/** Loads bench modules; with names given, only `<name>.bench.ts` files when they exist (a half-written bench elsewhere cannot block them). */
async function loadBenches(wanted: string[]): Promise<{ benches: BenchModule[]; broken: string[] }> {
  let files = (await readdir(benchDir)).filter((file) => file.endsWith('.bench.ts')).sort();
  const byFileName = files.filter((file) => wanted.includes(file.slice(0, -'.bench.ts'.length)));
  if (wanted.length > 0 && byFileName.length === wanted.length) files = byFileName;
  const benches: BenchModule[] = [];
  const broken: string[] = [];
  for (const file of files) {
    try {
      const loaded = (await import(pathToFileURL(join(benchDir, file)).href)) as Partial<BenchModule>;
      if (typeof loaded.name !== 'string' || typeof loaded.run !== 'function') {
        throw new Error('must export name: string and run(): Promise<Record<string, unknown>>');
      }
      benches.push(loaded as BenchModule);
    } catch (error) {
      broken.push(file);
      console.error(`✘ cannot load ${file}:`, error instanceof Error ? error.message : error);
    }
  }
  return { benches, broken };
}

async function main(argv: string[]): Promise<number> {
  const { benches: all, broken } = await loadBenches(argv);
  const unknown = argv.filter((wanted) => !all.some((bench) => bench.name === wanted));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const chosen = argv.length > 0 ? all.filter((bench) => argv.includes(bench.name)) : all;
  await mkdir(join(benchDir, 'results'), { recursive: true });
  let failed = argv.length > 0 ? 0 : broken.length;
  for (const bench of chosen) {
    console.log(`\n▶ ${bench.name}`);
    const started = Date.now();
    try {
      const result = await bench.run();
      const record = { name: bench.name, finishedAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000, node: process.version, result };
      const file = join(benchDir, 'results', `${bench.name}.json`);
      await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
      console.log(`✔ ${bench.name} in ${record.seconds.toFixed(1)} s → ${file}`);
      printSummary(result);
    } catch (error) {
      failed++;
      console.error(`✘ ${bench.name} failed:`, error);
    }
  }
  return failed > 0 ? 1 : 0;
}

function printSummary(result: Record<string, unknown>): void {
  // Benches that report rows print as a table; anything else as JSON.
  const rows = result.rows;
  if (Array.isArray(rows) && rows.every((row) => typeof row === 'object' && row !== null)) console.table(rows);
  const rest = Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'rows'));
  if (Object.keys(rest).length > 0) console.log(JSON.stringify(rest, null, 2));
}

process.exitCode = await main(process.argv.slice(2));
