import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listOutbox } from '../../adapters/mail/mail-outbox.ts';
import { DynamoDbReminderStore } from '../../adapters/dynamodb/index.ts';
import { outboxDirOf } from '../../local/agent-tools.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { startFakeBedrock, textReply, toolResultsOf, toolUseReply, type FakeBedrock } from '../support/fake-bedrock.ts';
import { ChatUser } from '../local/chat-user.ts';
import { codeSentTo } from './support.ts';

/**
 * "every weekday at 7 e-mail me a summary of the news about AgentCore", end to end on the local
 * stack: the scripted model schedules the action; at its time the sweeper hands it to the agent,
 * which searches (local search stand-in), e-mails (local outbox) and tells the chat, with the subject.
 */
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let dataDir: string;
let bedrock: FakeBedrock;
let stack: LocalStack | undefined;

beforeAll(async () => {
  [dataDir, bedrock] = await Promise.all([mkdtemp(join(tmpdir(), 'nudge-action-')), startFakeBedrock()]);
});
afterAll(async () => {
  await stack?.stop();
  await bedrock?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('a scheduled action searches the web, e-mails a summary to the verified address and tells the chat', async () => {
  // Prepare: the stack with the scripted model, the search stand-in and the outbox; Alice verifies her address.
  stack = await startLocalStack({
    dataDir,
    clock,
    defaultTimezone: 'UTC',
    tools: { search: { kind: 'standin' } },
    model: {
      client: new BedrockRuntimeClient({ endpoint: bedrock.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }),
      modelId: 'anthropic.claude-test-v1:0',
      maxTurns: 6,
      maxTokens: 512,
    },
  });
  const alice = new ChatUser(stack.urls.standIn!, 1001, { id: 1001, first_name: 'Alice' });
  await alice.ask('/email alice@example.com');
  const verified = await alice.ask(`/email verify ${await codeSentTo(outboxDirOf(dataDir), 'alice@example.com')}`);
  expect(verified.text).toMatch(/^✅ alice@example.com is verified/);

  bedrock.script(
    toolUseReply([{ name: 'schedule_action', input: { instruction: 'Search the news about AgentCore and e-mail me a summary', when: 'every weekday at 7' } }]),
    textReply('Every weekday at 07:00 I will e-mail you a summary of the AgentCore news.'),
  );
  const scheduled = await alice.ask('every weekday at 7 e-mail me a summary of the news about AgentCore');
  // "at 7" reads two ways: the reply says 07:00 was taken (with a button for 19:00, not pressed here).
  expect(scheduled.text).toBe('Every weekday at 07:00 I will e-mail you a summary of the AgentCore news.\nℹ️ I took "7" as 07:00 each time; write 7pm for the evening one.');

  const dynamo = new DynamoDBClient({ endpoint: stack.urls.dynamo, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const store = new DynamoDbReminderStore({ client: DynamoDBDocumentClient.from(dynamo), tableName: 'nudge' });
  const action = await store.getReminderByShortId(1001, 1);
  expect(action).toMatchObject({ work: 'action', schedule: { kind: 'recurring' } });
  expect(new Date(action!.dueAt).getUTCHours()).toBe(7);

  let searchResult: { status?: string; text: string } | undefined;
  let actionPrompt = '';
  bedrock.script(
    (request) => {
      actionPrompt = JSON.stringify(request.messages);
      return toolUseReply([{ name: 'web_search', input: { query: 'AgentCore news' } }]);
    },
    (request) => {
      searchResult = toolResultsOf(request)[0];
      return toolUseReply([
        {
          name: 'send_email',
          input: { subject: 'AgentCore news summary', body: 'AgentCore adds web search — https://example.com/news/agentcore-web-search' },
        },
      ]);
    },
    textReply('I e-mailed you today\'s AgentCore summary.'),
  );

  // Act: jump to the action's time and let the sweeper run.
  const before = (await alice.messages()).at(-1)!.message_id;
  offset = new Date(action!.dueAt).getTime() - Date.now() + 1_000;
  await stack.sweepNow();

  // Assess: searched, e-mailed, and the chat was told with the subject line.
  const told = await alice.waitForBot(before, (m) => m.text.includes('📧'), 15_000);
  expect(told.text).toBe('🤖 #1 I e-mailed you today\'s AgentCore summary.\n📧 E-mailed "AgentCore news summary" to alice (a***@example.com).');
  expect(actionPrompt).toContain('Scheduled instruction: Search the news about AgentCore and e-mail me a summary');
  expect(searchResult?.status).toBe('success');
  expect(searchResult?.text).toContain('Amazon Bedrock AgentCore adds web search — https://example.com/news/agentcore-web-search');
  const [mail] = await listOutbox(outboxDirOf(dataDir), { chatId: 1001 });
  expect(mail).toMatchObject({ to: 'alice@example.com', subject: 'AgentCore news summary', text: 'AgentCore adds web search — https://example.com/news/agentcore-web-search' });

  // The action is re-armed for the next weekday at 07:00: by the agent, after it has run and told the chat
  // (at least once, #12), so a moment after the message above arrives.
  let rearmed = await store.getReminderByShortId(1001, 1);
  for (let waited = 0; rearmed?.dueAt === action!.dueAt && waited < 10_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    rearmed = await store.getReminderByShortId(1001, 1);
  }
  expect(new Date(rearmed!.dueAt).getTime()).toBeGreaterThan(new Date(action!.dueAt).getTime());
  dynamo.destroy();
});
