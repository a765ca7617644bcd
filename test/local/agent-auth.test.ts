import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentUnguardedError, startAgentServer } from '../../agent/server.ts';
import { silentLog } from '../../core/log.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { ChatUser } from './chat-user.ts';

let dataDir: string;
let stack: LocalStack;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'nudge-auth-'));
  stack = await startLocalStack({ dataDir, log: silentLog });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const cancelOtherChat = {
  type: 'telegram_update',
  update: { update_id: 77, message: { message_id: 1, date: 1, chat: { id: 1001, type: 'private' }, from: { id: 1001, is_bot: false, first_name: 'A' }, text: '/cancel #1' } },
};

describe('the local agent takes orders only from its own webhook and sweeper (issue #12, item 9)', () => {
  it.each([
    ['without the secret', {}],
    ['with a wrong secret', { 'x-nudge-agent-secret': 'guess' }],
  ])('answers 401 to /invocations %s, and acts on nothing', async (_case, headers) => {
    // Prepare: Alice has a reminder.
    const alice = new ChatUser(stack.urls.standIn!, 1001);
    await alice.ask('/remind in 2 hours water the plants', 15_000);

    // Act: someone on this machine posts "cancel #1" for Alice's chat straight to the agent.
    const response = await fetch(`${stack.urls.agent}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(cancelOtherChat) });

    // Assess: refused; the reminder is still there; the webhook path still works.
    expect(response.status).toBe(401);
    const list = await alice.ask('/list', 15_000);
    expect(list.text).toMatch(/#1\b[^\n]*water the plants/);
  });

  it('still answers /ping without the secret (the AgentCore health contract)', async () => {
    expect((await fetch(`${stack.urls.agent}/ping`)).status).toBe(200);
  });

  it('refuses to listen beyond loopback without a secret', async () => {
    const attempt = startAgentServer({ port: 0, host: '0.0.0.0', requireSecretOffLoopback: true, deps: { store: undefined as never, telegram: undefined as never, clock: () => new Date(), log: silentLog, defaultTimezone: 'UTC' } });
    await expect(attempt).rejects.toBeInstanceOf(AgentUnguardedError);
  });
});
