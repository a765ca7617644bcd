// One line per subcommand; the modules load only when their command runs.
import { registerCommand } from './main.ts';

registerCommand('table', 'print the table definition from schema/', async () => (await import('./table.ts')).tableCommand);
