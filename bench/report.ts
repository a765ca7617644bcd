import { readdir } from 'node:fs/promises';
import { resultsDir, readResult } from './harness/results.ts';

/**
 * `npm run bench:report [--quick]`: the latest results as Markdown tables, for the README's
 * "Performance" section (paste, then say in words what changed).
 */
const quick = process.argv.includes('--quick');
const names = (await readdir(resultsDir(quick)).catch(() => [] as string[])).filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length)).sort();

const cell = (value: unknown) => (value === null || value === undefined ? '–' : typeof value === 'object' ? JSON.stringify(value) : String(value)).replace(/\|/g, '\\|');

for (const name of names) {
  const record = await readResult(name, quick);
  if (!record || !Array.isArray(record.rows) || record.rows.length === 0) continue;
  const columns = [...new Set(record.rows.flatMap((row) => Object.keys(row)))];
  console.log(`### ${name}\n`);
  console.log(`commit ${record.commit}, ${record.finishedAt?.slice(0, 16).replace('T', ' ')} UTC, ${record.machine?.cores} cores, Node ${record.machine?.node}, load ${record.machine?.loadAverageAtStart?.join('/')}\n`);
  console.log(`| ${columns.join(' | ')} |`);
  console.log(`|${columns.map(() => '---').join('|')}|`);
  for (const row of record.rows) console.log(`| ${columns.map((column) => cell(row[column])).join(' | ')} |`);
  console.log('');
}
