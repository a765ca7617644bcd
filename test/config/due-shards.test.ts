import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAgentConfig } from '../../agent/config.ts';
import { openTarget, resolveTarget } from '../../cli/admin-target.ts';
import type { AdminIo } from '../../cli/admin-run.ts';
import { exportCommand } from '../../cli/export.ts';
import { importCommand } from '../../cli/import.ts';
import { silentLog } from '../../core/log.ts';
import { DueShardsShrunkError, DynamoDbReminderStore, guardDueShards } from '../../adapters/dynamodb/index.ts';
import { readSweeperConfig } from '../../core/sweeper/index.ts';
import { envSecretSource, loadWebhookConfig } from '../../core/webhook/index.ts';
import { readLocalSettings } from '../../local/settings.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo('dynalite');
});
afterAll(() => dynamo?.stop());

const T = new Date('2026-11-24T09:00:00.000Z');

function environment(shards: number) {
  return {
    NUDGE_TABLE_NAME: 'nudge-shards',
    NUDGE_DUE_SHARDS: String(shards),
    NUDGE_BOT_TOKEN_PARAM: '/nudge/bot-token',
    NUDGE_AGENT_RUNTIME_ARN: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/nudge-abc',
    NUDGE_OPEN_ACCESS: 'true',
    TELEGRAM_BOT_TOKEN: '1000:fake-token-for-shard-tests_abcdefghijkl',
    NUDGE_WEBHOOK_SECRET: 'a-webhook-secret',
  };
}

async function fortyReminders(store: DynamoDbReminderStore, chatId: number) {
  for (let i = 0; i < 40; i++) {
    await store.createReminder({ chatId, text: `r${i}`, work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(T.getTime() + 60_000 + i * 1000) }, T);
  }
}

describe('one due-shard count for every runtime (issue #12, item 1)', () => {
  it.each([1, 8, 16, 32])('agent, webhook, sweeper, CLI and local mode read NUDGE_DUE_SHARDS=%i alike', async (shards) => {
    const env = environment(shards);
    const counts = {
      agent: readAgentConfig(env).dueShards,
      webhook: (await loadWebhookConfig(env, envSecretSource(env))).dueShards,
      sweeper: readSweeperConfig(env).dueShards,
      cli: resolveTarget({}, env).dueShards,
      local: readLocalSettings(env, { cwd: '/tmp', machineZone: 'UTC' }).dueShards,
    };
    expect(counts).toEqual({ agent: shards, webhook: shards, sweeper: shards, cli: shards, local: shards });
  });

  it('reminders written with 8 shards are all found by a sweeper with 8, and after growing to 16', async () => {
    // Prepare: the agent's store and the sweeper's, both with 8 shards, as one environment makes them.
    const tableName = await dynamo.newTable('shards');
    await guardDueShards(dynamo.doc, tableName, 8, T);
    await fortyReminders(new DynamoDbReminderStore({ client: dynamo.doc, tableName, dueShards: 8 }), 501);

    // Act: the sweeper's query now, and after the deploy grows the count.
    const withEight = await new DynamoDbReminderStore({ client: dynamo.doc, tableName, dueShards: 8 }).findDue(new Date(T.getTime() + 3_600_000));
    await guardDueShards(dynamo.doc, tableName, 16, T);
    const withSixteen = await new DynamoDbReminderStore({ client: dynamo.doc, tableName, dueShards: 16 }).findDue(new Date(T.getTime() + 3_600_000));

    // Assess
    expect(withEight.rows).toHaveLength(40);
    expect(withSixteen.rows).toHaveLength(40);
  });

  it('refuses to start with fewer shards than the table was written with, naming the count to use', async () => {
    const tableName = await dynamo.newTable('shards');
    await guardDueShards(dynamo.doc, tableName, 16, T);

    const refusal = await guardDueShards(dynamo.doc, tableName, 8, T).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(DueShardsShrunkError);
    expect((refusal as Error).message).toMatch(/NUDGE_DUE_SHARDS \(dueShards\) is 8, but this table's reminders are spread over 16 shards.*Use 16 or more/);
    await expect(guardDueShards(dynamo.doc, tableName, 16, T)).resolves.toBeUndefined();
  });

  it('the admin CLI follows the count the table records, whatever NUDGE_DUE_SHARDS says; the variable only for a fresh table', async () => {
    // Prepare: a table the runtimes started on with 32 shards.
    const tableName = await dynamo.newTable('shards');
    await guardDueShards(dynamo.doc, tableName, 32, T);

    const fresh = await dynamo.newTable('shards');

    // Act: the CLI's target with no variable, with a smaller one, and with a larger one (a deploy growing the
    // count before any runtime has restarted with it); then a table no runtime has started on.
    const counts = [];
    for (const env of [{}, { NUDGE_DUE_SHARDS: '8' }, { NUDGE_DUE_SHARDS: '64' }]) {
      const open = await openTarget(resolveTarget({ table: tableName, endpoint: dynamo.endpoint }, env), silentLog);
      counts.push(open.dueShards);
      open.close();
    }
    const onFresh = await openTarget(resolveTarget({ table: fresh, endpoint: dynamo.endpoint }, { NUDGE_DUE_SHARDS: '8' }), silentLog);
    onFresh.close();

    // Assess
    expect(counts).toEqual([32, 32, 32]);
    expect(onFresh.dueShards).toBe(8);
  });

  it('an import records the shard count it placed rows with, so no runtime starts on that table with fewer', async () => {
    // Prepare: 40 reminders on a table with 32 shards, exported.
    const source = await dynamo.newTable('shards');
    await guardDueShards(dynamo.doc, source, 32, T);
    await fortyReminders(new DynamoDbReminderStore({ client: dynamo.doc, tableName: source, dueShards: 32 }), 502);
    const copy = await dynamo.newTable('shards');
    const run = async (command: (args: string[], io: AdminIo) => Promise<number>, args: string[], table: string) => {
      const out: string[] = [];
      const io: AdminIo = { env: { NUDGE_DUE_SHARDS: '32' }, clock: () => T, stdout: (t) => out.push(t), stderr: (t) => out.push(t) };
      const code = await command([...args, '--endpoint', dynamo.endpoint, '--table', table], io);
      return { code, text: out.join('\n') };
    };
    const exported = await run(exportCommand, [], source);
    const file = join(await mkdtemp(join(tmpdir(), 'nudge-shards-')), 'backup.jsonl');
    await writeFile(file, `${exported.text}\n`);

    // Act: import into the fresh table with NUDGE_DUE_SHARDS=32, then a runtime starting on it with 16.
    const imported = await run(importCommand, [file], copy);
    const refusal = await guardDueShards(dynamo.doc, copy, 16, T).catch((error: unknown) => error);

    // Assess
    expect([exported.code, imported.code]).toEqual([0, 0]);
    expect(refusal).toBeInstanceOf(DueShardsShrunkError);
    expect((await new DynamoDbReminderStore({ client: dynamo.doc, tableName: copy, dueShards: 32 }).findDue(new Date(T.getTime() + 3_600_000))).rows).toHaveLength(40);
  });
});
