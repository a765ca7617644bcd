import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelCommand } from '../../cli/cancel.ts';
import { exportCommand } from '../../cli/export.ts';
import { failedCommand } from '../../cli/failed.ts';
import { historyCommand } from '../../cli/history.ts';
import { importCommand } from '../../cli/import.ts';
import { retryCommand } from '../../cli/retry.ts';
import { showCommand } from '../../cli/show.ts';
import { snoozeCommand } from '../../cli/snooze.ts';
import { statsCommand } from '../../cli/stats.ts';
import { createDynamoDbEmailBook } from '../../adapters/dynamodb/email-book.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';
import { CHAT, GROUP, MINUTE, once, runCommand, seed, type Seeded, SEEDED_AT } from './support.ts';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe('admin commands against a seeded table (dynalite)', () => {
  let dynamo: TestDynamo;
  let s: Seeded;
  /** The clock the commands read: two seconds after seeding. */
  const now = () => new Date(s.now.getTime() + 2_000);
  const target = () => ({ endpoint: dynamo.endpoint, table: s.table });

  beforeAll(async () => {
    dynamo = await startTestDynamo('dynalite');
    s = await seed(dynamo, SEEDED_AT);
  });
  afterAll(() => dynamo?.stop());

  it('stats: pending per shard, due soon, leases, failed, paused, chats, deliveries and the last sweep, with its reads', async () => {
    // Act
    const [json, text] = [await runCommand(statsCommand, ['--json'], target(), now), await runCommand(statsCommand, [], target(), now)];

    // Assess
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.pendingPerShard).toHaveLength(16);
    expect(doc.pending).toBe(4); // stretch, standup, the claimed one, parcel
    expect(doc.dueWithin).toMatchObject({ minute: 1, hour: 1 });
    expect(doc.dueWithin.day).toBeGreaterThanOrEqual(2);
    expect(doc.claimed).toEqual({ count: 1, oldestLeaseEndsAt: new Date(s.now.getTime() + 5 * MINUTE).toISOString(), expired: 0 });
    expect(doc.overdue).toEqual({ count: 0, oldestDueAt: null, oldestLateMs: null });
    expect(doc.failed).toBe(1);
    expect(doc.paused).toEqual({ reminders: 1, chats: 1 });
    expect(doc.chats).toBe(2);
    expect(doc.deliveries).toEqual({ lastHour: 1, lastDay: 1 });
    expect(doc.lastSweep).toMatchObject({ durationMs: 1_700, delivered: 1, dueFound: 1, lagP50Ms: 500, lagP95Ms: 500, stoppedBy: 'idle' });
    expect(doc.reads.requests).toBeGreaterThan(16);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Pending: {5}4 \(per shard: [\d ]+\)$/m);
    expect(text.stdout).toContain('Failed:      1');
    expect(text.stdout).toContain('Paused:      1 reminder in 1 chat');
    expect(text.stdout).toMatch(/Last sweep: .* took 1700 ms, found 1, delivered 1, retried 0, failed 0, lag p50 500 ms \/ p95 500 ms/);
    expect(text.stdout).toMatch(/Read \d+ items in \d+ requests \(no scan\)\.$/);
  });

  it('stats: overdue rows and expired leases are counted as such', async () => {
    // Act: the clock an hour later: stretch is overdue, the lease has run out.
    const later = new Date(s.now.getTime() + 3 * 3_600_000);
    const doc = JSON.parse((await runCommand(statsCommand, ['--json'], target(), () => later)).stdout);

    // Assess: stretch and parcel; the weekday standup too when this run's 08:30 Berlin falls within the
    // three hours (the table is seeded at the real time, so that depends on when the test runs).
    const overdue = [s.soon, s.later, s.standup].filter((r) => Date.parse(r.dueAt) <= later.getTime());
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(doc.overdue.count).toBe(overdue.length);
    expect(doc.overdue.oldestDueAt).toBe(s.soon.dueAt);
    expect(doc.overdue.oldestLateMs).toBe(later.getTime() - Date.parse(s.soon.dueAt));
    expect(doc.claimed).toMatchObject({ count: 1, expired: 1 });
  });

  it('failed: pages the FAILED and PAUSED partitions with reasons, newest first; --limit says there is more', async () => {
    // Act
    const [json, text, limited] = await Promise.all([
      runCommand(failedCommand, ['--json'], target(), now),
      runCommand(failedCommand, [], target(), now),
      runCommand(failedCommand, ['--limit', '1', '--json'], target(), now),
    ]);

    // Assess
    const doc = JSON.parse(json.stdout);
    expect(Object.keys(doc)).toEqual(['target', 'total', 'count', 'more', 'reminders', 'reads']);
    expect(doc.total).toEqual({ failed: 1, paused: 1 });
    expect(doc.reminders.map((r: { chatId: number; status: string; reason: string }) => [r.chatId, r.status, r.reason])).toEqual([
      [GROUP, 'paused', 'Forbidden: bot was blocked by the user'],
      [CHAT, 'failed', 'Telegram 400: message text is empty'],
    ]);
    expect(doc.more).toBe(false);
    expect(text.stdout).toMatch(/^1 failed and 1 paused reminders\. Read \d+ items in \d+ requests \(no scan\)\./);
    expect(text.stdout).toMatch(/42\s+#3\s+failed\s+.*Telegram 400: message text is empty\s+\w{26}\s+call the bank/);
    const one = JSON.parse(limited.stdout);
    expect(one.count).toBe(1);
    expect(one.more).toBe(true);
  });

  it('show: by ULID alone, by ULID with --chat and by short id, with RFC 5545, the next 5 occurrences, lease and deliveries', async () => {
    // Act
    const [byId, byShort, text, held] = await Promise.all([
      runCommand(showCommand, [s.standup.id, '--json'], target(), now),
      runCommand(showCommand, ['--chat', String(CHAT), '#2', '--json'], target(), now),
      runCommand(showCommand, ['--chat', String(CHAT), '#2'], target(), now),
      runCommand(showCommand, ['--chat', String(CHAT), s.held.id, '--json'], target(), now),
    ]);

    // Assess
    expect(byId.code).toBe(0);
    const doc = JSON.parse(byId.stdout);
    expect(doc.reminder).toMatchObject({ id: s.standup.id, shortId: 2, status: 'pending', text: 'standup' });
    expect(doc.rfc5545.rrule).toBe('RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30');
    expect(doc.rfc5545.dtstart).toMatch(/^DTSTART;TZID=Europe\/Berlin:\d{8}T083000$/);
    expect(doc.next).toHaveLength(5);
    for (const n of doc.next) expect(n.local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2}( \d{4})? 08:30$/);
    expect(doc.index).toEqual({ partition: s.standup.duePk, at: s.standup.dueAt });
    expect(doc.lease).toBeNull();
    expect(JSON.parse(byShort.stdout).reminder.id).toBe(s.standup.id);
    expect(text.stdout).toContain('RFC 5545:   DTSTART;TZID=Europe/Berlin:');
    expect(text.stdout).toContain('Next 5 occurrences (Europe/Berlin):');
    const lease = JSON.parse(held.stdout);
    expect(lease.lease).toEqual({ token: 'tok-h', claimedAt: s.now.toISOString(), endsAt: new Date(s.now.getTime() + 5 * MINUTE).toISOString() });
    // A failed one is found by id through the FAILED partition.
    const failed = JSON.parse((await runCommand(showCommand, [s.broken.id, '--json'], target(), now)).stdout);
    expect(failed.reminder).toMatchObject({ status: 'failed', failureReason: 'Telegram 400: message text is empty' });
    expect(failed.index.partition).toBe('FAILED');
  });

  it('show: the delivery history of a recurring reminder, and the errors', async () => {
    // Act
    const [gone, unknown, noChat, bad, two] = await Promise.all([
      runCommand(showCommand, [s.delivered.id], target(), now),
      runCommand(showCommand, ['--chat', String(CHAT), '#99'], target(), now),
      runCommand(showCommand, ['#2'], undefined, now),
      runCommand(showCommand, ['standup'], undefined, now),
      runCommand(showCommand, [s.standup.id, s.broken.id], undefined, now),
    ]);

    // Assess
    expect([gone.code, gone.stderr]).toEqual([1, `nudge show: no reminder ${s.delivered.id} is waiting, failed or paused in table ${s.table} (a delivered one-time reminder is no longer a reminder: \`nudge history\` lists it among the deliveries).`]);
    expect([unknown.code, unknown.stderr]).toEqual([1, `nudge show: chat 42 has no reminder #99 in table ${s.table}.`]);
    expect(noChat.code).toBe(2);
    expect(noChat.stderr).toContain(`nudge show: a short id like "#2" needs its chat: nudge show --chat <id> '#2'.`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('nudge show: "standup" is neither a reminder id (a 26-character ULID) nor a short id');
    expect(two.code).toBe(2);
    for (const r of [gone, unknown, noChat, bad, two]) expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('history: across chats through the SENT#<day> keys, for one chat through its partition, and the errors', async () => {
    // Act
    const [all, chat, other, text, badSince, tooFar] = await Promise.all([
      runCommand(historyCommand, ['--since', '1h', '--json'], target(), now),
      runCommand(historyCommand, ['--chat', String(CHAT), '--json'], target(), now),
      runCommand(historyCommand, ['--chat', String(GROUP), '--json'], target(), now),
      runCommand(historyCommand, [], target(), now),
      runCommand(historyCommand, ['--since', 'yesterday'], undefined, now),
      runCommand(historyCommand, ['--since', '60d'], undefined, now),
    ]);

    // Assess
    const expected = {
      sentAt: new Date(s.now.getTime() + 1_500).toISOString(),
      lagMs: 500,
      chatId: CHAT,
      reminderId: s.delivered.id,
      shortId: 4,
      text: 'water the plants',
      work: 'message',
      outcome: 'sent',
      messageId: 777,
    };
    expect(JSON.parse(all.stdout)).toMatchObject({ chatId: null, count: 1, more: false, deliveries: [expected] });
    expect(JSON.parse(chat.stdout)).toMatchObject({ chatId: CHAT, count: 1, deliveries: [expected] });
    expect(JSON.parse(other.stdout)).toMatchObject({ chatId: GROUP, count: 0, deliveries: [] });
    expect(text.stdout).toMatch(/^1 delivery across chats since .*Z\. Read \d+ items? in \d+ requests? \(no scan\)\./);
    expect(text.stdout).toMatch(/on time\s+42\s+#4\s+sent \(message 777\)\s+water the plants/);
    expect([badSince.code, badSince.stderr.split('\n')[0]]).toEqual([2, 'nudge history: --since "yesterday" is not a duration (write 30m, 1h, 2d or 1h30m).']);
    expect([tooFar.code, tooFar.stderr.split('\n')[0]]).toEqual([2, 'nudge history: --since "60d" is more than 31 days (the log keeps 30).']);
  });

  it('argument errors exit 2 with the usage and contact nothing', async () => {
    const runs = await Promise.all([
      runCommand(statsCommand, ['extra'], undefined),
      runCommand(failedCommand, ['--limit', '0'], undefined),
      runCommand(snoozeCommand, ['--chat', '42', '#1'], undefined),
      runCommand(snoozeCommand, ['--chat', '42', '#1', 'later'], undefined),
      runCommand(cancelCommand, [], undefined),
      runCommand(exportCommand, ['--format', 'csv'], undefined),
      runCommand(importCommand, [], undefined),
      runCommand(retryCommand, ['--all-failed', '--chat', '42', '#3'], undefined),
    ]);
    expect(runs.map((r) => [r.code, r.stderr.split('\n')[0]])).toEqual([
      [2, 'nudge stats: unexpected argument "extra".'],
      [2, 'nudge failed: --limit "0" must be a whole number from 1 to 1000.'],
      [2, 'nudge snooze: missing how long to snooze: add a duration such as 10m, 1h or 2d.'],
      [2, 'nudge snooze: duration "later" is not a duration (write 30m, 1h, 2d or 1h30m).'],
      [2, "nudge cancel: missing the reminder: nudge cancel <ULID>, or nudge cancel --chat <id> '#3'."],
      [2, 'nudge export: --format "csv" is not jsonl or ics.'],
      [2, 'nudge import: missing the file to import: nudge import <file.jsonl> (or - for stdin).'],
      [2, 'nudge retry: unexpected argument "#3" (--all-failed takes no short id).'],
    ]);
    for (const r of runs) {
      expect(r.stderr).toContain('Usage: nudge ');
      expect(r.stdout).toBe('');
    }
  });

  it('every new command has --help with the shared flags and its --json shape', async () => {
    for (const [name, command] of [['stats', statsCommand], ['show', showCommand], ['cancel', cancelCommand], ['snooze', snoozeCommand], ['history', historyCommand], ['export', exportCommand], ['import', importCommand]] as const) {
      const r = await runCommand(command, ['--help'], undefined);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: nudge ${name}`);
      expect(r.stdout).toContain('--endpoint <url>');
      expect(r.stdout).toContain('--json prints {');
    }
  });
});

describe('admin repairs (dynalite, a fresh table each)', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo('dynalite');
  });
  afterAll(() => dynamo?.stop());

  it('cancel and snooze go through the store: table and JSON output, then "gone" for a second try', async () => {
    // Prepare
    const s = await seed(dynamo, SEEDED_AT);
    const target = { endpoint: dynamo.endpoint, table: s.table };
    const now = () => new Date(s.now.getTime() + 2_000);

    // Act
    const cancelled = await runCommand(cancelCommand, ['--chat', String(CHAT), '#6'], target, now);
    const again = await runCommand(cancelCommand, ['--chat', String(CHAT), s.later.id, '--json'], target, now);
    const snoozed = await runCommand(snoozeCommand, [s.soon.id, '1h', '--json'], target, now);
    const revived = await runCommand(snoozeCommand, ['--chat', String(CHAT), '#3', '10m'], target, now);

    // Assess
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(/^Cancelled reminder #6 of chat 42 \(pending, .*\): pick up parcel$/);
    expect(await s.store.getReminder(CHAT, s.later.id)).toBeUndefined();
    expect([again.code, again.stderr]).toEqual([1, `nudge cancel: chat 42 has no reminder ${s.later.id} in table ${s.table}.`]);
    const doc = JSON.parse(snoozed.stdout);
    expect(doc.previousDueAt).toBe(s.soon.dueAt);
    expect(doc.snoozed).toMatchObject({ id: s.soon.id, status: 'pending', dueAt: new Date(Date.parse(s.soon.dueAt) + 3_600_000).toISOString() });
    expect(revived.code).toBe(0);
    expect(await s.store.getReminder(CHAT, s.broken.id)).toMatchObject({ status: 'pending', duePk: expect.stringMatching(/^DUE#/) });
    expect(JSON.parse((await runCommand(failedCommand, ['--json'], target, now)).stdout).total).toEqual({ failed: 0, paused: 1 });
  });

  it('retry --all-failed puts every failed reminder of the chat back, and says when there is none', async () => {
    // Prepare
    const s = await seed(dynamo, SEEDED_AT);
    const target = { endpoint: dynamo.endpoint, table: s.table };

    // Act
    const first = await runCommand(retryCommand, ['--all-failed', '--chat', String(CHAT), '--json'], target);
    const second = await runCommand(retryCommand, ['--all-failed', '--chat', String(CHAT)], target);

    // Assess
    expect(JSON.parse(first.stdout)).toMatchObject({ chatId: CHAT, action: 'snoozed', count: 1, retried: [{ shortId: 3, id: s.broken.id, status: 'pending' }] });
    expect(second.stdout).toBe(`Chat 42 has no failed reminders in table ${s.table}; nothing to retry.`);
  });

  it('export → import into another table → export is equal; importing again skips everything; a bad file writes nothing', async () => {
    // Prepare
    const s = await seed(dynamo, SEEDED_AT);
    const dir = await mkdtemp(join(tmpdir(), 'nudge-export-'));
    const file = join(dir, 'backup.jsonl');
    const copy = await dynamo.newTable('copy');

    // Act
    const exported = await runCommand(exportCommand, ['--out', file, '--json'], { endpoint: dynamo.endpoint, table: s.table });
    const imported = await runCommand(importCommand, [file, '--json'], { endpoint: dynamo.endpoint, table: copy });
    const twice = await runCommand(importCommand, [file], { endpoint: dynamo.endpoint, table: copy });
    const reexported = await runCommand(exportCommand, [], { endpoint: dynamo.endpoint, table: copy });
    const badFile = join(dir, 'bad.jsonl');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    await writeFile(badFile, [lines[0], '{"type":"reminder","pk":"CHAT#1"}'].join('\n'));
    const empty = await dynamo.newTable('empty');
    const bad = await runCommand(importCommand, [badFile], { endpoint: dynamo.endpoint, table: empty });

    // Assess
    const summary = JSON.parse(exported.stdout);
    // 2 settings, 6 reminders (4 in chat 42 + the failed one, the claimed one… minus the delivered), 1 log line, the counter.
    expect(summary.counts).toEqual({ reminder: 6, settings: 2, sent: 1, 'chat-counter': 1 });
    expect(JSON.parse(imported.stdout)).toMatchObject({ items: 10, imported: 10, skipped: 0 });
    expect(twice.stdout).toBe(`Imported 0 of 10 items from ${file} into ${copy}; 10 already there, left as they are.`);
    expect(`${reexported.stdout}\n`).toBe(await readFile(file, 'utf8'));
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(new RegExp(`^nudge import: ${badFile.replace(/[.]/g, '\\.')} line 2: a reminder item that does not match its schema: .*; nothing was imported\\.$`))]);
    expect((await runCommand(exportCommand, [], { endpoint: dynamo.endpoint, table: empty })).stdout).toBe('');
    // The imported rows work: the copy's due index has the waiting ones.
    const copyStore = new DynamoDbReminderStore({ client: dynamo.doc, tableName: copy });
    expect((await copyStore.findDue(new Date(s.now.getTime() + 10 * MINUTE))).rows.map((r) => r.id).sort()).toEqual([s.soon.id, s.held.id].sort());
  });

  it('export keeps verified e-mail addresses and import brings them back; pending codes stay behind', async () => {
    // Prepare: a chat with a verified address and a code still pending for another.
    const table = await dynamo.newTable('emails');
    const copy = await dynamo.newTable('emails-copy');
    const now = new Date('2026-11-24T10:00:00Z');
    const book = createDynamoDbEmailBook({ client: dynamo.doc, tableName: table });
    await book.addVerified(CHAT, { address: 'ann@example.com', label: 'work' }, now);
    await book.putPendingCode(CHAT, { address: 'bob@example.com', label: 'home', codeHash: 'a'.repeat(64), expiresAt: Math.floor(now.getTime() / 1000) + 600 }, now);
    const dir = await mkdtemp(join(tmpdir(), 'nudge-export-'));
    const file = join(dir, 'emails.jsonl');

    // Act
    const exported = await runCommand(exportCommand, ['--out', file, '--json'], { endpoint: dynamo.endpoint, table });
    const imported = await runCommand(importCommand, [file], { endpoint: dynamo.endpoint, table: copy });

    // Assess
    expect(JSON.parse(exported.stdout).counts).toEqual({ reminder: 0, settings: 0, sent: 0, 'chat-counter': 0, email: 1 });
    expect(imported.code).toBe(0);
    expect(await createDynamoDbEmailBook({ client: dynamo.doc, tableName: copy }).listVerified(CHAT)).toEqual([{ address: 'ann@example.com', label: 'work', verifiedAt: now.toISOString() }]);
  });

  it('export --format ics: one VEVENT per reminder, a cron row as its RRULE, through the calendar writer /export uses', async () => {
    // Prepare
    const table = await dynamo.newTable('ics');
    const store = new DynamoDbReminderStore({ client: dynamo.doc, tableName: table });
    const now = new Date('2026-11-24T10:00:00Z');
    await store.createReminder(once(7, new Date('2026-12-03T13:30:00Z'), 'dentist, bring card; room 4'), now);
    await store.createReminder({ chatId: 8, text: 'standup', work: 'message', schedule: { kind: 'recurring', cron: '30 8 * * 1-5', tz: 'UTC' }, tz: 'UTC', dueAt: new Date('2026-11-25T08:30:00Z') }, now);
    const target = { endpoint: dynamo.endpoint, table };

    // Act
    const one = await runCommand(exportCommand, ['--chat', '7', '--format', 'ics'], target, () => now);
    const all = await runCommand(exportCommand, ['--format', 'ics'], target, () => now);

    // Assess
    expect(one.code).toBe(0);
    const lines = one.stdout.split('\r\n');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines).toContain('SUMMARY:dentist\\, bring card\\; room 4');
    expect(lines).toContain('DTSTART:20261203T133000Z');
    expect(all.code).toBe(0);
    const allLines = all.stdout.split('\r\n');
    expect(allLines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(allLines).toContain('DTSTART;TZID=UTC:20261125T083000');
    expect(allLines).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30');
  });
});
