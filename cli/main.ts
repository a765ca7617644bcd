/**
 * `nudge` command line. Each subcommand lives in its own file and returns an exit status.
 */
import { findCommand, usage } from './command-registry.ts';

export { registerCommand } from './command-registry.ts';

export async function main(argv: string[]): Promise<number> {
  await import('./commands.ts');
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  const command = findCommand(name);
  if (!command) {
    console.error(`nudge: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return (await command.load())(rest);
}
