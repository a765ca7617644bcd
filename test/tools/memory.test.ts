import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textReply } from '../support/fake-bedrock.ts';
import { only, startAgent, startBackends, T0, type AgentUnderTest, type Backends } from '../agent/harness.ts';
import { testTools } from './support.ts';

// /memory, /new and /forget against the real table, with the model's view checked in the Converse
// requests the fake Bedrock received.

let backends: Backends;
let agent: AgentUnderTest;

beforeAll(async () => {
  backends = await startBackends();
  agent = await startAgent(backends, { withModel: true, tools: testTools({}) });
});
afterAll(async () => {
  await agent?.stop();
  await backends?.stop();
});
beforeEach(() => {
  backends.bedrock.reset();
  agent.setNow(T0);
});

/** The texts of the conversation the model was given in its latest request. */
function lastHistory(): string[] {
  return (backends.bedrock.requests.at(-1)?.body.messages ?? []).flatMap((m) => m.content.flatMap((c) => ('text' in c ? [`${m.role}: ${c.text}`] : [])));
}

async function chat(chatId: number, text: string, answer: string): Promise<void> {
  backends.bedrock.script(textReply(answer));
  await agent.say(chatId, text);
}

describe('/memory', () => {
  it('summarises the remembered turns, one line each, and is not itself remembered', async () => {
    // Prepare
    await chat(700, 'my name is Sam and I like very long messages '.repeat(4), 'Nice to meet you, Sam.');
    await chat(700, 'what is my name?', 'Sam.');

    // Act
    const reply = only(await agent.say(700, '/memory'));

    // Assess
    const lines = reply.text.split('\n');
    expect(lines[0]).toBe('🧠 I remember the last 4 messages of our conversation (at most 20, each kept 7 days):');
    expect(lines[1]).toMatch(/^• You: my name is Sam and I like very long messages .{40,}…$/);
    expect(lines[1]!.length).toBeLessThanOrEqual('• You: '.length + 100);
    expect(lines.slice(2, 5)).toEqual(['• Me: Nice to meet you, Sam.', '• You: what is my name?', '• Me: Sam.']);
    expect(only(await agent.say(700, '/memory')).text.split('\n')[0]).toContain('the last 4 messages');
  });

  it('says so when there is nothing', async () => {
    expect(only(await agent.say(701, '/memory')).text).toBe("🧠 I don't remember anything of our conversation right now. (Reminders are kept separately: /list.)");
  });
});

describe('/new', () => {
  it('starts a fresh conversation: the model no longer sees earlier turns, later ones it does', async () => {
    // Prepare
    await chat(710, 'my secret word is apricot', 'Noted.');

    // Act
    const reply = only(await agent.say(710, '/new'));
    await chat(710, 'what is my secret word?', "I don't know it.");
    const afterNew = lastHistory();
    await chat(710, 'and now?', 'Still no.');

    // Assess
    expect(reply.text).toBe("🆕 New conversation: I won't use anything we said before. (Older messages expire within 7 days; /forget deletes them now.)");
    expect(afterNew).toEqual(['user: what is my secret word?']);
    expect(lastHistory()).toEqual(['user: what is my secret word?', "assistant: I don't know it.", 'user: and now?']);
    expect(only(await agent.say(710, '/memory')).text).not.toContain('apricot');
  });
});

describe('/forget', () => {
  it('deletes the conversation but keeps reminders', async () => {
    // Prepare
    await chat(720, 'my PIN hint is blue', 'Got it.');
    await agent.say(720, '/remind in 2 hours water the plants');

    // Act
    const reply = only(await agent.say(720, '/forget'));
    await chat(720, 'what was my hint?', 'I have no record of it.');

    // Assess
    expect(reply.text).toBe('🧹 Forgotten: I deleted our conversation (4 messages). Your reminders and verified e-mail addresses are unchanged.');
    expect(lastHistory()).toEqual(['user: what was my hint?']);
    expect(await agent.store.getReminderByShortId(720, 1)).toMatchObject({ text: 'water the plants' });
    expect((await agent.store.listTurns(720, agent.deps.clock(), 50)).map((t) => t.content)).toEqual(['what was my hint?', 'I have no record of it.']);
  });

  it('after /new, /forget also clears the marker', async () => {
    await chat(721, 'one', 'two');
    await agent.say(721, '/new');
    expect(only(await agent.say(721, '/forget')).text).toContain('(2 messages)');
    await chat(721, 'three', 'four');
    expect(only(await agent.say(721, '/memory')).text).toContain('the last 2 messages');
  });

  it('with nothing stored it says there was nothing to forget', async () => {
    expect(only(await agent.say(722, '/forget')).text).toBe("🧹 There was nothing to forget: I don't remember any of our conversation. Your reminders are unchanged.");
  });
});

describe('memory stays bounded and expires', () => {
  it('keeps at most the configured number of turns and drops expired ones', async () => {
    // Prepare
    const bounded = await startAgent(backends, { withModel: true, tools: testTools({}) });
    bounded.deps.memory = { maxTurns: 4, ttlSeconds: 3600 };
    for (const n of [1, 2, 3]) {
      backends.bedrock.script(textReply(`answer ${n}`));
      await bounded.say(730, `question ${n}`);
    }

    // Act
    const recent = only(await bounded.say(730, '/memory')).text;
    bounded.setNow(new Date(T0.getTime() + 2 * 3600_000));
    const later = only(await bounded.say(730, '/memory')).text;
    await bounded.stop();

    // Assess
    expect(recent.split('\n').slice(1, 5)).toEqual(['• You: question 2', '• Me: answer 2', '• You: question 3', '• Me: answer 3']);
    expect(later).toMatch(/^🧠 I don't remember anything/);
  });
});
