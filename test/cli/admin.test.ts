import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NewReminder, type Reminder } from '../../core/store/index.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { nextOccurrence } from '../../core/time/index.ts';
import { resolveTarget } from '../../cli/admin-target.ts';
import { negativeNumbersAsValues, type AdminIo } from '../../cli/admin-run.ts';
import { chatCommand } from '../../cli/chat.ts';
import { dueCommand } from '../../cli/due.ts';
import { failedCommand } from '../../cli/failed.ts';
import { remindersCommand } from '../../cli/reminders.ts';
import { retryCommand } from '../../cli/retry.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';

const BIN = fileURLToPath(new URL('../../bin/nudge.js', import.meta.url));
const MINUTE = 60_000;
const CHAT = 42;
const GROUP = -1001234567890;
const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real bin as a child process, with an environment that cannot leak the developer's own target in. */
function nudge(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const base: Record<string, string | undefined> = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env };
  for (const key of ['NUDGE_TABLE_NAME', 'DYNAMODB_ENDPOINT', 'NUDGE_DYNAMO_PORT']) if (!(key in env)) delete base[key];
  for (const [key, value] of Object.entries(base)) if (value === undefined) delete base[key];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      // The SDK's Node 20 notice would otherwise be on every stderr here.
      { timeout: 20_000, env: base },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function once(chatId: number, dueAt: Date, text: string): NewReminder {
  return { chatId, text, work: 'message', schedule: { kind: 'once' }, tz: 'Europe/Berlin', dueAt };
}

/** Claims one reminder the way the sweeper does (findDue, then claim on the row it read). */
async function claimNow(store: DynamoDbReminderStore, reminder: Reminder, now: Date): Promise<{ claimed: Reminder; token: string }> {
  const row = (await store.findDue(new Date(reminder.dueAt))).rows.find((r) => r.id === reminder.id);
  if (!row) throw new Error(`reminder ${reminder.id} not in the due index`);
  const token = `tok-${reminder.id}`;
  return { claimed: await store.claim(row, { now, leaseMs: MINUTE, token }), token };
}

interface Seeded {
  table: string;
  store: DynamoDbReminderStore;
  stretch: Reminder;
  standup: Reminder;
  broken: Reminder;
  later: Reminder;
  groupReminder: Reminder;
}

/**
 * Chat 42 (Europe/Berlin): #1 due in 3 min, #2 every weekday, #3 failed, #4 delivered (log only), #5 due in 2 h.
 * Group chat: #1 paused because the bot was blocked.
 */
async function seed(dynamo: TestDynamo): Promise<Seeded> {
  const table = await dynamo.newTable('cli');
  const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: table });
  const now = new Date();
  await store.setChatTimezone(CHAT, 'Europe/Berlin', now);
  const stretch = await store.createReminder(once(CHAT, new Date(now.getTime() + 3 * MINUTE), 'stretch'), now);
  // 12 hours from Berlin's current hour: never inside the due windows below, whenever the test runs.
  const berlinHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(now));
  const schedule = { kind: 'recurring' as const, cron: `30 ${(berlinHour + 12) % 24} * * 1-5`, tz: 'Europe/Berlin' };
  const standup = await store.createReminder(
    { chatId: CHAT, text: 'standup', work: 'message', schedule, tz: 'Europe/Berlin', dueAt: nextOccurrence(schedule, now) as Date },
    now,
  );
  const broken = await store.createReminder(once(CHAT, new Date(now.getTime() + 1_000), 'call the bank'), now);
  const delivered = await store.createReminder(once(CHAT, new Date(now.getTime() + 1_000), 'water the plants'), now);
  const later = await store.createReminder(once(CHAT, new Date(now.getTime() + 120 * MINUTE), 'pick up parcel'), now);
  const b = await claimNow(store, broken, now);
  await store.fail(b.claimed, b.token, 'Telegram 400: message text is empty', now);
  const d = await claimNow(store, delivered, now);
  await store.complete(d.claimed, d.token, { now: new Date(now.getTime() + 1_500), messageId: 777 });
  const groupReminder = await store.createReminder(once(GROUP, new Date(now.getTime() + MINUTE), 'team lunch'), now);
  await store.pauseChat(GROUP, 'Forbidden: bot was blocked by the user', now);
  return { table, store, stretch, standup, broken, later, groupReminder };
}

describe('nudge admin commands (as processes, against dynalite)', () => {
  let dynamo: TestDynamo;
  let s: Seeded;
  const target = () => ['--endpoint', dynamo.endpoint, '--table', s.table];

  beforeAll(async () => {
    dynamo = await startTestDynamo('dynalite');
    s = await seed(dynamo);
  });
  afterAll(() => dynamo?.stop());

  it('reminders: lists a chat active-first with local and UTC due times, and one JSON document with --json', async () => {
    const [text, json] = await Promise.all([nudge(['reminders', '--chat', String(CHAT), ...target()]), nudge(['reminders', '--chat', String(CHAT), ...target(), '--json'])]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toBe('Chat 42: 4 reminders');
    expect(lines[2]).toMatch(/^#\s+STATUS\s+NEXT DUE \(LOCAL\)\s+NEXT DUE \(UTC\)\s+SCHEDULE\s+ATTEMPTS\s+LAST ERROR \/ REASON\s+TEXT$/);
    // Active first, soonest first; the failed one last, with its reason.
    expect(lines.slice(4)).toHaveLength(4);
    expect(lines[4]).toMatch(/^#1\s+pending\s/);
    expect(lines.at(-1)).toMatch(/^#3\s+failed\s.*Telegram 400: message text is empty\s+call the bank$/);
    expect(text.stdout).toMatch(/every weekday at \d\d:30 \(Europe\/Berlin\), next: /);
    expect(text.stdout).not.toContain('water the plants'); // delivered one-time reminders are gone

    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.target).toEqual({ table: s.table, endpoint: dynamo.endpoint, source: 'endpoint' });
    expect(doc.chatId).toBe(CHAT);
    expect(doc.count).toBe(4);
    expect(doc.reminders.map((r: { shortId: number; status: string }) => `${r.shortId}:${r.status}`)).toEqual(
      lines.slice(4).map((l) => { const [id, status] = l.split(/\s+/); return `${id?.slice(1)}:${status}`; }),
    );
    const stretch = doc.reminders.find((r: { shortId: number }) => r.shortId === 1);
    expect(stretch).toEqual({
      chatId: CHAT, shortId: 1, id: s.stretch.id, status: 'pending', text: 'stretch', work: 'message', tz: 'Europe/Berlin',
      dueAt: s.stretch.dueAt, dueAtLocal: expect.stringMatching(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d\d:\d\d$/),
      schedule: { kind: 'once' }, description: stretch.dueAtLocal, attempts: 0, firedCount: 0, lastError: null, failureReason: null,
      updatedAt: s.stretch.updatedAt,
    });
    // The local time is Berlin's wall clock, not the process zone (the tests run in Pacific/Chatham).
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(s.stretch.dueAt));
    expect(stretch.dueAtLocal.endsWith(berlin)).toBe(true);
    expect(doc.reminders.find((r: { shortId: number }) => r.shortId === 3)).toMatchObject({ status: 'failed', failureReason: 'Telegram 400: message text is empty', attempts: 0 });
  });

  it('reminders: the order is the store order (active soonest first, then failed)', async () => {
    const r = await nudge(['reminders', '--chat', String(CHAT), ...target(), '--json']);
    const order = JSON.parse(r.stdout).reminders.map((x: { shortId: number }) => x.shortId);
    // #1 in 3 min, #5 in 2 h, #2 at least 11 h away (a weekday, 12 h from now's Berlin hour), #3 failed.
    expect(order).toEqual([1, 5, 2, 3]);
  });

  it('failed: finds failed and paused rows across chats with reason and time, through the sparse index', async () => {
    const [text, json] = await Promise.all([nudge(['failed', ...target()]), nudge(['failed', ...target(), '--json'])]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^1 failed and 1 paused reminders\. Read \d+ items in \d+ requests \(no scan\)\./);
    expect(text.stdout).toMatch(/-1001234567890\s+#1\s+paused\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+Forbidden: bot was blocked by the user\s+\w{26}\s+team lunch/);
    expect(text.stdout).toMatch(/42\s+#3\s+failed\s+.*Telegram 400: message text is empty\s+\w{26}\s+call the bank/);

    const doc = JSON.parse(json.stdout);
    expect(Object.keys(doc)).toEqual(['target', 'total', 'count', 'more', 'reminders', 'reads']);
    // Only the two stopped rows' index entries, two counts, and the rows and the paused chat's settings: not the table.
    expect(doc.reads).toEqual({ items: 2 + 2 + 3, requests: 5 });
    expect(doc.reminders).toHaveLength(2);
    expect(doc.reminders.map((r: { chatId: number; status: string; reason: string; since: string }) => [r.chatId, r.status, r.reason])).toEqual(
      expect.arrayContaining([
        [GROUP, 'paused', 'Forbidden: bot was blocked by the user'],
        [CHAT, 'failed', 'Telegram 400: message text is empty'],
      ]),
    );
    expect(Number.isNaN(Date.parse(doc.reminders[0].since))).toBe(false);
  });

  it('due: shows what fires within the window, with index items and pages read', async () => {
    const [soon, wide] = await Promise.all([
      nudge(['due', ...target(), '--json']),
      nudge(['due', '--within', '3h', ...target(), '--json']),
    ]);
    expect(soon.code).toBe(0);
    const doc = JSON.parse(soon.stdout);
    expect(Object.keys(doc)).toEqual(['target', 'now', 'windowEnd', 'withinMs', 'itemsRead', 'pages', 'count', 'rows']);
    expect(doc.withinMs).toBe(10 * MINUTE);
    expect(Date.parse(doc.windowEnd) - Date.parse(doc.now)).toBe(10 * MINUTE);
    // Only #1 (in 3 min): #5 is 2 h away, #3 failed and the group's paused reminder are out of the index.
    expect(doc.rows).toEqual([
      { chatId: CHAT, id: s.stretch.id, status: 'pending', kind: 'due', fireAt: s.stretch.dueAt, dueAt: s.stretch.dueAt, inMs: expect.any(Number) },
    ]);
    expect(doc.rows[0].inMs).toBeGreaterThan(0);
    expect(doc.pages).toBe(16); // one query page per shard
    expect(doc.itemsRead).toBe(1);
    expect(JSON.parse(wide.stdout).rows.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([s.stretch.id, s.later.id]));

    const text = await nudge(['due', '--within', '5m', ...target()]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^1 row due by \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(read 1 index item in 16 pages\)/);
    expect(text.stdout).toMatch(new RegExp(`in \\d min\\s+due\\s+pending\\s+42\\s+${s.stretch.id}`));
  });

  it('chat: settings, counts by status and the delivery log', async () => {
    const [text, json, group] = await Promise.all([
      nudge(['chat', String(CHAT), ...target()]),
      nudge(['chat', String(CHAT), ...target(), '--json']),
      nudge(['chat', String(GROUP), ...target(), '--json']), // a negative id needs no `--`
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Timezone:  Europe/Berlin');
    expect(text.stdout).toContain('Blocked:   no');
    expect(text.stdout).toContain('Reminders: 4 (pending 3, sending 0, paused 0, failed 1)');
    expect(text.stdout).toMatch(/Last 1 delivery \(newest first, local times in Europe\/Berlin\):/);
    expect(text.stdout).toMatch(/#4\s+on time\s+777\s+water the plants/);

    const doc = JSON.parse(json.stdout);
    expect(doc).toEqual({
      target: { table: s.table, endpoint: dynamo.endpoint, source: 'endpoint' },
      chatId: CHAT,
      settings: { timezone: 'Europe/Berlin', blocked: false, blockedReason: null, updatedAt: expect.any(String) },
      counts: { pending: 3, sending: 0, paused: 0, failed: 1, total: 4 },
      deliveries: [
        { shortId: 4, reminderId: expect.any(String), text: 'water the plants', work: 'message', dueAt: expect.any(String), sentAt: expect.any(String), lateMs: expect.any(Number), messageId: 777 },
      ],
    });

    expect(group.code).toBe(0);
    expect(JSON.parse(group.stdout)).toMatchObject({
      chatId: GROUP,
      settings: { timezone: null, blocked: true, blockedReason: 'Forbidden: bot was blocked by the user' },
      counts: { paused: 1, total: 1 },
      deliveries: [],
    });
  });

  it('chat: a chat with nothing stored exits 1 saying so', async () => {
    const r = await nudge(['chat', '999', ...target()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`nudge chat: nothing is stored for chat 999 in table ${s.table} (no settings, reminders or deliveries).`);
  });

  it('retry: a failed reminder is snoozed to now + 5 s; a paused one resumes its chat; a pending one is left alone', async () => {
    const failed = await nudge(['retry', '--chat', String(CHAT), '#3', ...target(), '--json']);
    expect(failed.stderr).toBe('');
    expect(failed.code).toBe(0);
    const doc = JSON.parse(failed.stdout);
    expect(doc).toMatchObject({ chatId: CHAT, shortId: 3, id: s.broken.id, previousStatus: 'failed', action: 'snoozed', resumed: 1, status: 'pending' });
    const delay = Date.parse(doc.dueAt) - Date.now();
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(5_000);
    const row = await s.store.getReminder(CHAT, s.broken.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 0, dueAt: doc.dueAt });
    expect(row?.failureReason).toBeUndefined();
    expect((await s.store.findDue(new Date(Date.now() + 10_000))).rows.map((r) => r.id)).toContain(s.broken.id);

    const paused = await nudge(['retry', `--chat=${GROUP}`, '1', ...target()]);
    expect(paused.code).toBe(0);
    expect(paused.stdout.trim()).toBe(`Reminder #1 of chat ${GROUP} was paused; resumed the chat: 1 paused reminder back in the due index and the blocked flag cleared.`);
    expect(await s.store.getReminder(GROUP, s.groupReminder.id)).toMatchObject({ status: 'pending' });
    expect((await s.store.getChatSettings(GROUP))?.blocked).toBeUndefined();

    const pending = await nudge(['retry', '--chat', String(CHAT), '1', ...target()]);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toMatch(/^nudge retry: reminder #1 of chat 42 is pending, already in the due index \(fires .+Z\); nothing to retry\.\n$/);
    const missing = await nudge(['retry', '--chat', String(CHAT), '#99', ...target()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`nudge retry: chat 42 has no reminder #99 in table ${s.table}.`);
  });

  it('wrong flags and arguments exit 2 with a specific message and the usage (through the bin)', async () => {
    const runs = await Promise.all([nudge(['reminders', '--chat', '42', '--bogus']), nudge(['retry', '--chat', '42'])]);
    expect(runs.map((r) => [r.code, r.stderr.split('\n')[0], r.stdout])).toEqual([
      // parseArgs words the rest of this line differently across Node versions.
      [2, expect.stringContaining("nudge reminders: Unknown option '--bogus'"), ''],
      [2, "nudge retry: missing the reminder's short id: nudge retry --chat <id> 3 (or '#3', quoted: an unquoted # starts a shell comment).", ''],
    ]);
    expect(runs[0]?.stderr).toContain('Usage: nudge reminders --chat <id> [--json]');
    const help = await nudge(['failed', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: nudge failed [--limit <n>] [--json]');
    expect(help.stdout).toContain('no scan');
  });
  it('an endpoint that does not answer, or a missing table, is one sentence and exit 1, never a stack trace', async () => {
    const port = await closedPort();
    const [local, explicit, noTable] = await Promise.all([
      // No table name and no endpoint: local mode on NUDGE_DYNAMO_PORT.
      nudge(['reminders', '--chat', '42'], { NUDGE_DYNAMO_PORT: String(port) }),
      nudge(['due'], { DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}` }),
      nudge(['failed', '--endpoint', dynamo.endpoint, '--table', 'no-such-table']),
    ]);
    expect(local.code).toBe(1);
    expect(local.stderr).toContain(`nudge reminders: cannot reach DynamoDB at http://127.0.0.1:${port} (connection refused). Is \`npm start\` running?`);
    expect(explicit.code).toBe(1);
    expect(explicit.stderr).toContain(`cannot reach DynamoDB at http://127.0.0.1:${port}`);
    expect(noTable.code).toBe(1);
    expect(noTable.stderr).toMatch(new RegExp(`^nudge failed: table "no-such-table" does not exist at ${dynamo.endpoint.replace(/[.]/g, '\\.')} \\(tables there: .*${s.table}.*\\)\\. Pass --table`));
    for (const r of [local, explicit, noTable]) {
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  it('on AWS (a table name, no endpoint) a missing region is explained, not thrown', async () => {
    const r = await nudge(['failed', '--table', 'Nudge-Table'], {
      AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('nudge failed: no AWS region is configured: set AWS_REGION (or AWS_PROFILE with a region), or pass --endpoint for a local table.');
  });
});

describe('target selection', () => {
  it('follows flags, then env, then local mode; a table name alone means AWS', () => {
    expect(resolveTarget({}, {})).toEqual({ tableName: 'nudge', endpoint: 'http://127.0.0.1:8084', local: true, source: 'local-mode' });
    expect(resolveTarget({}, { NUDGE_DYNAMO_PORT: '9100' }).endpoint).toBe('http://127.0.0.1:9100');
    expect(resolveTarget({}, { NUDGE_TABLE_NAME: 'Nudge-T', AWS_REGION: 'eu-west-1' })).toEqual({ tableName: 'Nudge-T', local: false, source: 'aws', region: 'eu-west-1' });
    expect(resolveTarget({ table: 'x' }, { DYNAMODB_ENDPOINT: 'http://localhost:8000/' })).toEqual({ tableName: 'x', endpoint: 'http://localhost:8000', local: true, source: 'endpoint' });
    expect(resolveTarget({ endpoint: 'https://dynamodb.eu-west-1.amazonaws.com' }, { NUDGE_TABLE_NAME: 'T' })).toMatchObject({ tableName: 'T', local: false, source: 'endpoint' });
    expect(() => resolveTarget({}, { NUDGE_DYNAMO_PORT: 'eighty' })).toThrow('NUDGE_DYNAMO_PORT must be a whole number');
    expect(() => resolveTarget({ endpoint: 'not a url' }, {})).toThrow('is not a URL');
  });

  it('reads negative chat ids as values and positionals, not as flags', () => {
    const options = { chat: { type: 'string' as const } };
    expect(negativeNumbersAsValues(['--chat', '-100', '3'], options)).toEqual(['--chat=-100', '3']);
    expect(negativeNumbersAsValues(['-100', '--json'], options)).toEqual(['--json', '--', '-100']);
    expect(negativeNumbersAsValues(['--json', '--', '-5'], options)).toEqual(['--json', '--', '-5']);
  });
});

describe('argument checks (in-process, nothing contacted)', () => {
  /** Runs a command with a recording io; a target that would refuse connections proves nothing was contacted before the check. */
  async function run(command: (args: string[], io: AdminIo) => Promise<number>, args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: AdminIo = { env: { DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' }, clock: () => new Date('2026-11-24T14:00:00Z'), stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
    const code = await command(args, io);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it.each([
    [remindersCommand, ['--chat', 'abc'], 'nudge reminders: --chat "abc" is not a chat id'],
    [remindersCommand, [], 'nudge reminders: missing --chat <id>'],
    [dueCommand, ['--within', 'soon'], 'nudge due: --within "soon" is not a duration (write 30s, 10m, 2h or 1d).'],
    [dueCommand, ['--within', '90d'], 'nudge due: --within "90d" is more than 30 days'],
    [chatCommand, [], 'nudge chat: missing the chat id: nudge chat <id>.'],
    [chatCommand, ['42', '43'], 'nudge chat: unexpected argument "43" (give one chat id).'],
    [retryCommand, ['--chat', '42', 'x3'], `nudge retry: "x3" is not a reminder short id (write 3 or '#3').`],
    [retryCommand, ['3'], 'nudge retry: missing --chat <id>'],
    [failedCommand, ['extra'], 'nudge failed: unexpected argument "extra".'],
    [failedCommand, ['--endpoint', 'ftp://example.com'], 'nudge failed: endpoint "ftp://example.com" must start with http:// or https://.'],
    [failedCommand, ['--table', ' '], 'nudge failed: --table needs a table name.'],
  ] as const)('%#: exits 2 with a specific message', async (command, args, message) => {
    const r = await run(command, [...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(message);
    expect(r.stderr).toContain('Usage: nudge ');
    expect(r.stdout).toBe('');
  });

  it('every command has --help: exit 0, its usage and the shared target flags', async () => {
    for (const [name, command] of [['reminders', remindersCommand], ['failed', failedCommand], ['due', dueCommand], ['chat', chatCommand], ['retry', retryCommand]] as const) {
      const r = await run(command, ['--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: nudge ${name}`);
      expect(r.stdout).toContain('--endpoint <url>');
      expect(r.stdout).toContain('--json prints {');
    }
  });
});
