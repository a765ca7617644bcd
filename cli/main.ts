/**
 * `nudge` command line. Each subcommand lives in its own file and returns an exit status.
 */
type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {};

export function registerCommand(name: string, summary: string, load: () => Promise<Command>): void {
  commands[name] = { summary, load };
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  nudge ${name.padEnd(10)} ${c.summary}`);
  return ['Usage:', ...lines, '', 'Run `nudge <command> --help` for a command\'s options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  await import('./commands.ts');
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`nudge: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return (await command.load())(rest);
}
