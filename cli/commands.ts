// One line per subcommand; the modules load only when their command runs.
import { registerCommand } from './command-registry.ts';

registerCommand('table', 'print the table definition from schema/', async () => (await import('./table.ts')).tableCommand);
registerCommand('parse', 'show how a reminder request is read: nudge parse "<text>" --tz <zone> [--json]', async () => (await import('./parse.ts')).parseCommand);
registerCommand('reminders', 'a chat\'s reminders with status, next due and errors: nudge reminders --chat <id> [--json]', async () => (await import('./reminders.ts')).remindersCommand);
registerCommand('failed', 'failed and paused reminders across the table (sparse index, no scan): nudge failed [--json]', async () => (await import('./failed.ts')).failedCommand);
registerCommand('due', 'what the due index says fires soon: nudge due [--within 10m] [--json]', async () => (await import('./due.ts')).dueCommand);
registerCommand('chat', 'a chat\'s settings, reminder counts and last deliveries: nudge chat <id> [--json]', async () => (await import('./chat.ts')).chatCommand);
registerCommand('retry', 'put a failed or paused reminder back: nudge retry --chat <id> <#shortId>', async () => (await import('./retry.ts')).retryCommand);
registerCommand('stats', 'the table\'s health without a scan: pending, due, leases, overdue, failed, deliveries, last sweep', async () => (await import('./stats.ts')).statsCommand);
registerCommand('show', 'one reminder in full: nudge show <ULID> | --chat <id> <#shortId>', async () => (await import('./show.ts')).showCommand);
registerCommand('cancel', 'delete one reminder (the bot\'s conditional cancel): nudge cancel <ULID> | --chat <id> <#n>', async () => (await import('./cancel.ts')).cancelCommand);
registerCommand('snooze', 'postpone one reminder: nudge snooze <ULID> | --chat <id> <#n> <duration>', async () => (await import('./snooze.ts')).snoozeCommand);
registerCommand('history', 'the delivery log: nudge history [--chat <id>] [--since 1h]', async () => (await import('./history.ts')).historyCommand);
registerCommand('export', 'backup as JSONL (or ICS): nudge export [--chat <id>] [--format jsonl|ics]', async () => (await import('./export.ts')).exportCommand);
registerCommand('import', 'restore a JSONL export, idempotent by id: nudge import <file>', async () => (await import('./import.ts')).importCommand);
