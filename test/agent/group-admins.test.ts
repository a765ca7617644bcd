import { Api } from 'grammy';
import { expect, it } from 'vitest';
import { only, T0, TOKEN, useAgent } from './harness.ts';

// Group admins may change any member's reminder: the agent asks Telegram (the stand-in, over HTTP)
// with getChatMember and keeps the answer a minute. Each test has its own group.

const alice = { id: 8101, is_bot: false as const, first_name: 'Alice', language_code: 'en' };
const bob = { id: 8102, is_bot: false as const, first_name: 'Bob', language_code: 'en' };
const MINUTE = 60_000;

const agent = useAgent();

it('the stand-in answers getChatMember: "administrator" for a member a test marked, "member" for others', async () => {
  // Prepare
  const api = new Api(TOKEN, { apiRoot: agent.standIn.apiRoot });
  agent.standIn.setChatAdmin(-940, bob.id);

  // Act
  const admin = await api.getChatMember(-940, bob.id);
  const member = await api.getChatMember(-940, alice.id);

  // Assess
  expect([admin.status, admin.user.id, member.status]).toEqual(['administrator', bob.id, 'member']);
});

it("a group admin can move, pause, resume and cancel another member's reminder; a plain member cannot", async () => {
  // Prepare
  const group = -941;
  agent.setNow(T0);
  await agent.say(group, 'in 2 hours order the cake', alice);
  const carol = { id: 8103, is_bot: false as const, first_name: 'Carol', language_code: 'en' };
  agent.standIn.setChatAdmin(group, bob.id);

  // Act
  const byMember = only(await agent.say(group, 'cancel 1', carol)).text;
  const byAdmin = [];
  for (const text of ['move #1 to 9pm', 'pause 1', 'resume 1', 'cancel 1']) byAdmin.push(only(await agent.say(group, text, bob)).text);

  // Assess
  expect(byMember).toBe('Only the person who set #1 or a group admin can change it.');
  expect(byAdmin).toEqual([
    '✏️ Moved: ⏰ #1 Tue 24 Nov 21:00 — order the cake',
    '⏸ Paused #1 — order the cake. It won\'t fire until you say "resume 1".',
    '▶️ Resumed: ⏰ #1 Tue 24 Nov 21:00 — order the cake',
    '🗑 Cancelled #1 — order the cake',
  ]);
});

it('an admin can press Undo on a member\'s confirmation', async () => {
  const group = -942;
  agent.setNow(T0);
  agent.standIn.setChatAdmin(group, bob.id);
  const confirmation = only(await agent.say(group, 'in 3 hours buy candles', alice));

  await agent.press(group, confirmation.message_id, confirmation.buttons.flat()[0]?.callback_data ?? '', bob);

  expect(agent.standIn.callbackAnswers(group).at(-1)?.text).toBe('Undone ↩️');
  expect((await agent.store.listReminders(group)).items).toEqual([]);
});

it('admin status is kept a minute: a demotion counts after that; when Telegram cannot answer, nobody is an admin', async () => {
  // Prepare
  const group = -943;
  agent.setNow(T0);
  await agent.say(group, 'in 2 hours one', alice);
  await agent.say(group, 'in 3 hours two', alice);
  await agent.say(group, 'in 4 hours three', alice);
  agent.standIn.setChatAdmin(group, bob.id);
  expect(only(await agent.say(group, 'pause 1', bob)).text).toMatch(/^⏸ Paused #1/);

  // Act: demoted; within the minute the kept answer holds, after it Telegram's new answer counts.
  agent.standIn.setChatAdmin(group, bob.id, false);
  agent.setNow(new Date(T0.getTime() + 30_000));
  const withinMinute = only(await agent.say(group, 'pause 2', bob)).text;
  agent.setNow(new Date(T0.getTime() + 2 * MINUTE));
  const afterMinute = only(await agent.say(group, 'resume 1', bob)).text;
  // Promoted again, but getChatMember fails: refused, not guessed.
  agent.standIn.setChatAdmin(group, bob.id);
  agent.setNow(new Date(T0.getTime() + 4 * MINUTE));
  agent.standIn.faults.failNext(1, { code: 500, description: 'Internal Server Error', method: 'getChatMember' });
  const whileFailing = only(await agent.say(group, 'cancel 3', bob)).text;

  // Assess
  expect(withinMinute).toMatch(/^⏸ Paused #2/);
  expect(afterMinute).toBe('Only the person who set #1 or a group admin can change it.');
  expect(whileFailing).toBe('Only the person who set #3 or a group admin can change it.');
  expect((await agent.store.listReminders(group)).items.map((r) => [r.shortId, r.status])).toEqual([[3, 'pending'], [1, 'paused'], [2, 'paused']]);
});
