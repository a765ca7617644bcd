import type { AdminIo } from '../../cli/admin-run.ts';
import { type NewReminder, type Reminder } from '../../core/store/index.ts';
import { DynamoDbAdminTable, DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { nextOccurrence } from '../../core/time/index.ts';
import { withSweepStatus } from '../../core/admin/index.ts';
import { summarise } from '../../core/sweeper/index.ts';
import { silentLog } from '../../core/log.ts';
import type { TestDynamo } from '../support/dynamo.ts';

export const MINUTE = 60_000;
export const CHAT = 42;
export const GROUP = -1001234567890;

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an admin command in-process against `endpoint`/`table`, with the clock at `now`. */
export async function runCommand(
  command: (args: string[], io: AdminIo) => Promise<number>,
  args: string[],
  target: { endpoint: string; table: string } | undefined,
  now: () => Date = () => new Date(),
): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const io: AdminIo = { env: target ? {} : { DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' }, clock: now, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  const code = await command(target ? [...args, '--endpoint', target.endpoint, '--table', target.table] : args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

export function once(chatId: number, dueAt: Date, text: string): NewReminder {
  return { chatId, text, work: 'message', schedule: { kind: 'once' }, tz: 'Europe/Berlin', dueAt };
}

async function claimNow(store: DynamoDbReminderStore, reminder: Reminder, now: Date, token: string, leaseMs = MINUTE): Promise<Reminder> {
  const row = (await store.findDue(new Date(reminder.dueAt))).rows.find((r) => r.id === reminder.id);
  if (!row) throw new Error(`reminder ${reminder.id} not in the due index`);
  return store.claim(row, { now, leaseMs, token });
}

export interface Seeded {
  table: string;
  store: DynamoDbReminderStore;
  now: Date;
  soon: Reminder;
  standup: Reminder;
  broken: Reminder;
  delivered: Reminder;
  held: Reminder;
  later: Reminder;
  groupReminder: Reminder;
}

/**
 * Chat 42 (Europe/Berlin): #1 due in 30 s, #2 every weekday at 08:30, #3 failed, #4 delivered (its row is a delivery-log entry now),
 * #5 claimed by a sweeper now, #6 due in 2 h. The group: #1 paused (bot blocked). One sweep recorded.
 */
/**
 * A fixed seeding instant: Tuesday 13:00 in Berlin, so the weekday 08:30 standup is next due tomorrow
 * morning — never inside the minute/hour windows the stats count, whatever time the suite runs at.
 */
export const SEEDED_AT = new Date('2026-11-24T12:00:00.000Z');

export async function seed(dynamo: TestDynamo, now: Date): Promise<Seeded> {
  const table = await dynamo.newTable('admin');
  const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: table });
  await store.setChatTimezone(CHAT, 'Europe/Berlin', now);
  const soon = await store.createReminder(once(CHAT, new Date(now.getTime() + 30_000), 'stretch'), now);
  const schedule = { kind: 'recurring' as const, cron: '30 8 * * 1-5', tz: 'Europe/Berlin' };
  const standup = await store.createReminder({ chatId: CHAT, text: 'standup', work: 'message', schedule, tz: 'Europe/Berlin', dueAt: nextOccurrence(schedule, now) as Date }, now);
  const broken = await store.createReminder(once(CHAT, new Date(now.getTime() + 1_000), 'call the bank'), now);
  const delivered = await store.createReminder(once(CHAT, new Date(now.getTime() + 1_000), 'water the plants'), now);
  const held = await store.createReminder(once(CHAT, new Date(now.getTime() + 1_000), 'take the pizza out'), now);
  const later = await store.createReminder(once(CHAT, new Date(now.getTime() + 120 * MINUTE), 'pick up parcel'), now);
  const b = await claimNow(store, broken, now, 'tok-b');
  await store.fail(b, 'tok-b', 'Telegram 400: message text is empty', now);
  const d = await claimNow(store, delivered, now, 'tok-d');
  await store.complete(d, 'tok-d', { now: new Date(now.getTime() + 1_500), messageId: 777 });
  await claimNow(store, held, now, 'tok-h', 5 * MINUTE);
  const groupReminder = await store.createReminder(once(GROUP, new Date(now.getTime() + MINUTE), 'team lunch'), now);
  await store.pauseChat(GROUP, 'Forbidden: bot was blocked by the user', now);
  const report = summarise(
    [{ reminderId: delivered.id, chatId: CHAT, outcome: 'delivered', claimed: true, dueAt: delivered.dueAt, lagMs: 500 }],
    { startedAt: now, finishedAt: new Date(now.getTime() + 1_700), windowEnd: new Date(now.getTime() + MINUTE), stoppedBy: 'idle', queries: 2, dueFound: 1, queryErrors: 0 },
  );
  await withSweepStatus(undefined, (item) => new DynamoDbAdminTable(dynamo.doc, table).putSweepStatus(item), silentLog).publish(report);
  return { table, store, now, soon, standup, broken, delivered, held, later, groupReminder };
}
