import { createTableInput, DEFAULT_DUE_SHARDS } from '../schema/index.ts';

export async function tableCommand(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log('nudge table — prints the CreateTable input every environment builds the table from.');
    return 0;
  }
  console.log(JSON.stringify({ ...createTableInput(), dueShards: DEFAULT_DUE_SHARDS }, null, 2));
  return 0;
}
