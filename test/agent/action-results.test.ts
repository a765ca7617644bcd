import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Reminder } from '../../core/store/port.ts';
import { createTelegramClient } from '../../adapters/telegram/index.ts';
import { textReply } from '../support/fake-bedrock.ts';
import { startAgent, startBackends, sweepOnAgentClock, T0, TOKEN, type AgentUnderTest, type Backends } from './harness.ts';

// Invariant 1 for scheduled actions: the sweeper has already settled the action's row (history now) once the agent
// accepted it, so a result Telegram does not take is kept as a plain message reminder, not dropped.
// Faults come from the Telegram stand-in (5xx beyond the client's wait budget, 429, a blocked user).

let backends: Backends;
let agent: AgentUnderTest | undefined;

beforeAll(async () => {
  backends = await startBackends();
});
afterEach(async () => {
  backends.standIn.faults.reset();
  await agent?.stop();
  agent = undefined;
});
afterAll(async () => {
  await backends?.stop();
});

/** The agent over the stand-in with a Telegram client that gives up after 300 ms (instead of 25 s). */
function startImpatientAgent(withModel = false): Promise<AgentUnderTest> {
  return startAgent(backends, {
    withModel,
    wrapTelegram: () =>
      createTelegramClient({
        token: TOKEN,
        apiRoot: backends.standIn.apiRoot,
        maxWaitMs: 300,
        limits: { perBotPerSecond: 1000, perPrivateChatPerSecond: 1000, perGroupPerMinute: 10_000 },
      }),
  });
}

async function dueAction(subject: AgentUnderTest, chatId: number, text: string): Promise<Reminder> {
  return subject.store.createReminder({ chatId, text, work: 'action', schedule: { kind: 'once' }, tz: 'Europe/Berlin', dueAt: new Date(T0.getTime() + 60_000) }, T0);
}

async function runDueAction(subject: AgentUnderTest, action: Reminder): Promise<void> {
  const response = await subject.invoke({ type: 'reminder_due', reminder: action });
  expect(response.status).toBe(200);
  await subject.server.idle();
}

async function otherRows(subject: AgentUnderTest, chatId: number, action: Reminder): Promise<Reminder[]> {
  return (await subject.store.listReminders(chatId)).items.filter((r) => r.id !== action.id);
}

describe('a scheduled action whose result Telegram does not take', () => {
  it('5xx beyond the wait budget → kept as a message reminder due in 30 s, then delivered by a sweep', async () => {
    // Prepare
    agent = await startImpatientAgent();
    const now = new Date(T0.getTime() + 60_000);
    agent.setNow(now);
    const action = await dueAction(agent, 701, 'stretch your back');
    backends.standIn.faults.failNext(1000, { code: 500, method: 'sendMessage' });

    // Act
    await runDueAction(agent, action);

    // Assess: nothing reached the chat; the text waits as a pending one-time message (without our prefix), handed to the timer hook.
    expect(agent.botMessages(701)).toEqual([]);
    const [kept, ...more] = await otherRows(agent, 701, action);
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ text: 'stretch your back', work: 'message', status: 'pending', schedule: { kind: 'once' }, tz: 'Europe/Berlin', dueAt: new Date(now.getTime() + 30_000).toISOString() });
    expect(agent.scheduled).toContain(kept!.id);

    // Act: Telegram recovers; the next sweeper run after the due time picks the row up.
    backends.standIn.faults.reset();
    agent.setNow(new Date(now.getTime() + 31_000));
    await sweepOnAgentClock(agent);

    // Assess: delivered once, with its own buttons, and gone from the table.
    expect(agent.botMessages(701).map((m) => m.text)).toEqual([`⏰ #${kept!.shortId} stretch your back`]);
    expect(await otherRows(agent, 701, action)).toEqual([]);
  });

  it('a model result under a 429 with a long retry_after → kept as sent, due after retry_after', async () => {
    agent = await startImpatientAgent(true);
    const action = await dueAction(agent, 702, 'write a haiku about Mondays');
    backends.bedrock.script(textReply('Monday light returns'));
    backends.standIn.faults.failNext(1000, { code: 429, retryAfter: 120, method: 'sendMessage' });

    await runDueAction(agent, action);

    const [kept] = await otherRows(agent, 702, action);
    expect(kept).toMatchObject({ text: 'Monday light returns', work: 'message', status: 'pending', dueAt: new Date(T0.getTime() + 120_000).toISOString() });
    expect(agent.botMessages(702)).toEqual([]);
  });

  it('blocked user → chat paused, the result kept as a paused row (resumed with the chat)', async () => {
    agent = await startImpatientAgent();
    const action = await dueAction(agent, 703, 'call mum');
    const later = await agent.store.createReminder({ chatId: 703, text: 'dentist', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(T0.getTime() + 3_600_000) }, T0);
    backends.standIn.faults.block(703);

    await runDueAction(agent, action);

    expect((await agent.store.getChatSettings(703))?.blocked).toBe(true);
    const rows = await otherRows(agent, 703, action);
    expect(rows.map((r) => [r.text, r.work, r.status])).toEqual([
      ['call mum', 'message', 'paused'],
      ['dentist', 'message', 'paused'],
    ]);
    expect(rows.find((r) => r.id === later.id)?.status).toBe('paused');
    // Paused rows are out of the due index: no timer for them.
    expect(agent.scheduled).toEqual([]);
  });

  it('a delivered result leaves nothing behind', async () => {
    agent = await startImpatientAgent();
    const action = await dueAction(agent, 704, 'drink water');

    await runDueAction(agent, action);

    expect(agent.botMessages(704).map((m) => m.text)).toEqual(['⏰ drink water']);
    expect(await otherRows(agent, 704, action)).toEqual([]);
  });
});
