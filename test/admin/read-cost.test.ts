import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedCommand } from '../../cli/failed.ts';
import { historyCommand } from '../../cli/history.ts';
import { showCommand } from '../../cli/show.ts';
import { statsCommand } from '../../cli/stats.ts';
import { keys } from '../../schema/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';
import { CHAT, runCommand, seed, SEEDED_AT } from './support.ts';

const UNRELATED = 50_000;
const DAY = 86_400_000;

/** Other chats' settings, conversation turns, webhook markers and week-old deliveries: nothing the questions below are about. */
function unrelatedItem(i: number, now: Date): Record<string, unknown> {
  const chatId = 5_000_000 + i;
  const at = new Date(now.getTime() - 7 * DAY + i).toISOString();
  switch (i % 4) {
    case 0:
      return { pk: keys.chatPk(chatId), sk: keys.settingsSk, type: 'settings', chatId, timezone: 'UTC', shortIdCounter: 3, updatedAt: at };
    case 1:
      return { pk: keys.chatPk(chatId), sk: keys.turnSk(at), type: 'turn', chatId, role: 'user', content: 'hello there', at, expiresAt: Math.floor(now.getTime() / 1000) + 3600 };
    case 2:
      return { pk: keys.updatePk(chatId), sk: keys.updateSk, type: 'update', updateId: chatId, processedAt: at, expiresAt: Math.floor(now.getTime() / 1000) + 3600 };
    default: {
      const id = `01JOLD${String(i).padStart(20, '0')}`;
      return {
        pk: keys.chatPk(chatId), sk: keys.sentSk(at, id), type: 'sent', chatId, reminderId: id, shortId: 1, text: 'old news', work: 'message',
        dueAt: at, sentAt: at, expiresAt: Math.floor(now.getTime() / 1000) + 30 * 86_400, duePk: keys.sentDayPk(at), dueSk: keys.dueSk(at, id),
      };
    }
  }
}

async function writeAll(dynamo: TestDynamo, table: string, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const out = await dynamo.doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      }
    }),
  );
}

describe('admin read cost does not grow with the table (dynalite)', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo('dynalite');
  });
  afterAll(() => dynamo?.stop());

  it(`stats, failed, history and show read the same items with 0 and with ${UNRELATED.toLocaleString('en')} unrelated rows`, async () => {
    // Prepare
    const s = await seed(dynamo, SEEDED_AT);
    const now = () => new Date(s.now.getTime() + 2_000);
    const target = { endpoint: dynamo.endpoint, table: s.table };
    const questions: Array<[string, Parameters<typeof runCommand>[0], string[]]> = [
      ['stats', statsCommand, []],
      ['failed', failedCommand, []],
      ['history --chat', historyCommand, ['--chat', String(CHAT), '--since', '7d']],
      ['history (all chats)', historyCommand, ['--since', '1d']],
      ['show <ULID>', showCommand, [s.standup.id]],
      ['show --chat #n', showCommand, ['--chat', String(CHAT), '#2']],
    ];
    const readsOf = async () => {
      const out: Record<string, unknown> = {};
      for (const [name, command, args] of questions) {
        const r = await runCommand(command, [...args, '--json'], target, now);
        expect(r.code, `${name}: ${r.stderr}`).toBe(0);
        out[name] = JSON.parse(r.stdout).reads;
      }
      return out;
    };
    const before = await readsOf();

    // Act
    await writeAll(dynamo, s.table, Array.from({ length: UNRELATED }, (_, i) => unrelatedItem(i, s.now)));
    const after = await readsOf();

    // Assess
    expect(after).toEqual(before);
    console.log(`admin reads with ${UNRELATED} unrelated rows (equal to an empty table): ${JSON.stringify(after)}`);
  }, 300_000);
});
