import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MachineInfo } from './machine.ts';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

/** Full runs are the committed figures; quick runs (CI, smoke) go elsewhere so they never overwrite them. */
export function resultsDir(quick: boolean): string {
  return quick ? join(BENCH_DIR, 'results', 'quick') : join(BENCH_DIR, 'results');
}

export interface ScenarioOutput {
  /** What the scenario was asked to do (sizes, limits, deadlines). */
  parameters: Record<string, unknown>;
  /** One row per measured case: printed as a table and kept raw in the JSON. */
  rows: Array<Record<string, unknown>>;
  /** Anything else worth keeping (raw samples, notes). */
  extra?: Record<string, unknown>;
}

export interface ResultRecord extends ScenarioOutput {
  name: string;
  quick: boolean;
  finishedAt: string;
  seconds: number;
  commit: string;
  machine: MachineInfo;
  note: string;
}

export async function writeResult(record: ResultRecord): Promise<string> {
  const dir = resultsDir(record.quick);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${record.name}.json`);
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** A scenario's last result of the same kind (quick or full), or undefined when it has not run. */
export async function readResult(name: string, quick: boolean): Promise<ResultRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(resultsDir(quick), `${name}.json`), 'utf8')) as ResultRecord;
  } catch {
    return undefined;
  }
}

/** Prints rows as an aligned table (console.table's index column and quoting make it hard to paste). */
export function printTable(rows: ReadonlyArray<Record<string, unknown>>): void {
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => (value === null || value === undefined ? '–' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(columns.map((column) => cell(row[column]))));
}
