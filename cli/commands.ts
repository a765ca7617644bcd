// One line per subcommand; the modules load only when their command runs.
import { registerCommand } from './main.ts';

registerCommand('table', 'print the table definition from schema/', async () => (await import('./table.ts')).tableCommand);
registerCommand('parse', 'show how a reminder request is read: nudge parse "<text>" --tz <zone> [--json]', async () => (await import('./parse.ts')).parseCommand);
