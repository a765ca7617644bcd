// One line per subcommand; the modules load only when their command runs.
import { registerCommand } from './main.ts';

registerCommand('table', 'print the table definition from schema/', async () => (await import('./table.ts')).tableCommand);
registerCommand('parse', 'show how a reminder request is read: nudge parse "<text>" --tz <zone> [--json]', async () => (await import('./parse.ts')).parseCommand);
registerCommand('reminders', 'a chat\'s reminders with status, next due and errors: nudge reminders --chat <id> [--json]', async () => (await import('./reminders.ts')).remindersCommand);
registerCommand('failed', 'failed and paused reminders across the table (scans it): nudge failed [--json]', async () => (await import('./failed.ts')).failedCommand);
registerCommand('due', 'what the due index says fires soon: nudge due [--within 10m] [--json]', async () => (await import('./due.ts')).dueCommand);
registerCommand('chat', 'a chat\'s settings, reminder counts and last deliveries: nudge chat <id> [--json]', async () => (await import('./chat.ts')).chatCommand);
registerCommand('retry', 'put a failed or paused reminder back: nudge retry --chat <id> <#shortId>', async () => (await import('./retry.ts')).retryCommand);
