import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbActiveReminderCounter } from '../../adapters/dynamodb/index.ts';
import { readAgentConfig } from '../../agent/config.ts';
import { only, startAgent, startBackends, type Backends } from './harness.ts';

let backends: Backends;
beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends?.stop());

describe('a per-chat cap on active reminders (issue #12, item 10)', () => {
  it('refuses the reminder past the cap with a clear message, saves nothing, and allows one again after a cancel', async () => {
    // Prepare: a cap of 3 for the test (1,000 by default).
    const agent = await startAgent(backends);
    agent.deps.reminderCap = { limit: 3, counter: new DynamoDbActiveReminderCounter({ client: backends.dynamo.doc, tableName: agent.tableName }) };
    const chatId = 4_401;
    for (let i = 1; i <= 3; i++) await agent.say(chatId, `/remind in ${i} hours task ${i}`);

    // Act
    const refused = only(await agent.say(chatId, '/remind in 4 hours task 4'));
    await agent.say(chatId, '/cancel #1');
    const accepted = only(await agent.say(chatId, '/remind in 5 hours task 5'));

    // Assess
    expect(refused.text).toBe('🚫 You have 3 active reminders — the most one chat can have. Cancel some first (/list shows them, /cancel #N removes one).');
    expect(accepted.text).toMatch(/task 5/);
    const texts = (await agent.store.listReminders(chatId)).items.map((r) => r.text).sort();
    expect(texts).toEqual(['task 2', 'task 3', 'task 5']);
    await agent.stop();
  }, 30_000);

  it('reads NUDGE_MAX_ACTIVE_REMINDERS, and refuses a value that is not a positive number', () => {
    const env = { NUDGE_TABLE_NAME: 't', TELEGRAM_BOT_TOKEN: '1:abc' };
    expect(readAgentConfig({ ...env, NUDGE_MAX_ACTIVE_REMINDERS: '50' }).maxActiveReminders).toBe(50);
    expect(() => readAgentConfig({ ...env, NUDGE_MAX_ACTIVE_REMINDERS: '0' })).toThrow(/NUDGE_MAX_ACTIVE_REMINDERS/);
  });
});
