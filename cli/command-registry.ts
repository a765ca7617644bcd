/** The `nudge` subcommands: each registers a name, a summary and a lazy loader; `main` looks them up. */
export type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {};

export function registerCommand(name: string, summary: string, load: () => Promise<Command>): void {
  commands[name] = { summary, load };
}

export function findCommand(name: string): { summary: string; load: () => Promise<Command> } | undefined {
  return commands[name];
}

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  nudge ${name.padEnd(10)} ${c.summary}`);
  return ['Usage:', ...lines, '', 'Run `nudge <command> --help` for a command\'s options.'].join('\n');
}
