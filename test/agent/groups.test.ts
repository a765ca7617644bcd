import { expect, it } from 'vitest';
import { only, T0, useAgent } from './harness.ts';

// A group chat (negative id) with two members, no model: a reminder belongs to whoever set it.

const GROUP = -5001;
const alice = { id: 5101, is_bot: false, first_name: 'Alice', language_code: 'en' };
const bob = { id: 5102, is_bot: false, first_name: 'Bob', language_code: 'en' };

const agent = useAgent({ now: T0 });

it("only the member who set a reminder can cancel, move or rename it; the others are told so and nothing changes", async () => {
  // Prepare: the confirmation says who set it.
  const confirmation = only(await agent.say(GROUP, 'in 2 hours order the cake', alice));
  expect(confirmation.text.split('\n').slice(0, 2)).toEqual(['⏰ #1 Tue 24 Nov 11:00 — order the cake', '👤 set by Alice']);
  const before = await agent.store.getReminderByShortId(GROUP, 1);
  expect(before?.createdBy).toBe(alice.id);

  // Act: Bob tries.
  const replies = [];
  for (const text of ['cancel 1', 'move #1 to 9pm', 'rename #1 to no cake', 'delete the cake one', '/snooze #1 1h']) {
    replies.push(only(await agent.say(GROUP, text, bob)).text);
  }

  // Assess
  expect(replies).toEqual(Array(5).fill('Only the person who set #1 or a group admin can change it.'));
  expect(await agent.store.getReminderByShortId(GROUP, 1)).toEqual(before);

  // Act: Alice can.
  expect(only(await agent.say(GROUP, 'cancel 1', alice)).text).toBe('🗑 Cancelled #1 — order the cake');
});

it("Bob cannot undo Alice's reminder with the Undo button on her confirmation", async () => {
  const confirmation = only(await agent.say(GROUP, 'in 3 hours buy candles', alice));
  const undo = confirmation.buttons.flat().find((b) => b.text === '↩️ Undo');

  await agent.press(GROUP, confirmation.message_id, undo?.callback_data ?? '', bob);

  expect(agent.standIn.callbackAnswers(GROUP).at(-1)?.text).toBe('Only the person who set #2 or a group admin can change it.');
  expect((await agent.store.getReminderByShortId(GROUP, 2))?.text).toBe('buy candles');
});

it('a reminder text made only of invisible characters is refused like an empty one', async () => {
  const reply = only(await agent.say(GROUP, 'in 2 hours \u200b\u200d\u2060', alice));

  expect(reply.text).toMatch(/^What should I remind you about\?/);
  expect((await agent.store.listReminders(GROUP)).items.map((r) => r.text)).toEqual(['buy candles']);
});
