import { expect, it } from 'vitest';
import { only, T0, useAgent } from './harness.ts';

// ✏️ Change on a confirmation: the chat's next plain message edits that reminder instead of creating one.
// Over HTTP with the stand-in and dynalite, no model; each test has its own chat.

const agent = useAgent();

type From = { id: number; is_bot: false; first_name: string; language_code: string };

/** Sends `text`, presses ✏️ Change (or its translation) on the confirmation, returns what the bot then said. */
async function createAndPressChange(chat: number, text: string, from?: From) {
  const confirmation = only(await agent.say(chat, text, from));
  const change = confirmation.buttons.flat()[1];
  return only(await agent.press(chat, confirmation.message_id, change?.callback_data ?? '', from));
}

const texts = async (chat: number) => (await agent.store.listReminders(chat)).items.map((r) => `#${r.shortId} ${r.dueAt} ${r.text}`);

it('a bare time after ✏️ Change moves that reminder, text kept; the message after that is ordinary again', async () => {
  // Prepare
  const chat = 931;
  agent.setNow(T0);
  const prompt = await createAndPressChange(chat, 'tomorrow at 7 gym');

  // Act
  const moved = only(await agent.say(chat, '9pm')).text;
  const after = only(await agent.say(chat, '10pm')).text;

  // Assess
  expect(prompt.text).toBe('✏️ Send the new time for #1 — e.g. "9pm" or "friday at 10" — or the whole reminder again ("friday at 10 dentist"). "rename 1 to …" changes only the text.');
  expect(moved).toBe('✏️ Moved: ⏰ #1 Tue 24 Nov 21:00 — gym');
  expect(after).toMatch(/^What should I remind you about\?/);
  expect(await texts(chat)).toEqual(['#1 2026-11-24T21:00:00.000Z gym']);
});

it('a whole reminder after ✏️ Change replaces time and text of the same #, with Undo/Change again', async () => {
  const chat = 932;
  agent.setNow(T0);
  await createAndPressChange(chat, 'tomorrow at 7 dentst');

  const changed = only(await agent.say(chat, 'friday at 10 dentist'));

  expect(changed.text).toBe('✏️ Changed: ⏰ #1 Fri 27 Nov 10:00 — dentist');
  expect(changed.buttons.flat().map((b) => b.text)).toEqual(['↩️ Undo', '✏️ Change']);
  expect(await texts(chat)).toEqual(['#1 2026-11-27T10:00:00.000Z dentist']);
});

it('a message with no time changes nothing and says so; a command cancels the edit; an old ✏️ Change has expired', async () => {
  // Prepare
  const chat = 933;
  agent.setNow(T0);
  await createAndPressChange(chat, 'tomorrow at 7 run');
  const before = await texts(chat);

  // Act
  const noTime = only(await agent.say(chat, 'thanks')).text;
  await agent.press(chat, agent.botMessages(chat)[0]!.message_id, agent.botMessages(chat)[0]!.buttons.flat()[1]?.callback_data ?? '');
  const list = only(await agent.say(chat, '/list')).text;
  const afterCommand = only(await agent.say(chat, '9pm')).text;
  await agent.press(chat, agent.botMessages(chat)[0]!.message_id, agent.botMessages(chat)[0]!.buttons.flat()[1]?.callback_data ?? '');
  agent.setNow(new Date(T0.getTime() + 11 * 60_000));
  const afterExpiry = only(await agent.say(chat, '9pm')).text;

  // Assess
  expect(noTime).toBe('I didn\'t find a time in that, so #1 is unchanged. Tap ✏️ Change again, or say "move 1 to 9pm".');
  expect(list).toMatch(/^Your reminders:\n⏰ #1 Wed 25 Nov 07:00 — run/);
  expect(afterCommand).toMatch(/^What should I remind you about\?/);
  expect(afterExpiry).toMatch(/^What should I remind you about\?/);
  expect(await texts(chat)).toEqual(before);
});

it('a repeating reminder moved by the next message asks "only the next one" or "every time", like move', async () => {
  const chat = 934;
  agent.setNow(T0);
  await createAndPressChange(chat, 'every weekday at 8:30 standup');

  const question = only(await agent.say(chat, '9:15am'));

  expect(question.text).toMatch(/\nMove only the next one, or every time\?$/);
  expect(question.buttons.flat().map((b) => b.text)).toEqual(['Only the next one (Tue 24 Nov 09:15)', 'Every time, at 09:15']);
});

it('in a group only the member who pressed ✏️ Change has their next message taken; others cannot start one on her reminder', async () => {
  // Prepare
  const group = -935;
  const alice: From = { id: 7101, is_bot: false, first_name: 'Alice', language_code: 'en' };
  const bob: From = { id: 7102, is_bot: false, first_name: 'Bob', language_code: 'en' };
  agent.setNow(T0);
  await createAndPressChange(group, 'tomorrow at 7 order the cake', alice);

  // Act
  const bobsMessage = only(await agent.say(group, 'in 2 hours buy candles', bob)).text;
  const alicesMessage = only(await agent.say(group, '6pm', alice)).text;
  const confirmation = agent.botMessages(group).find((m) => m.text.startsWith('⏰ #1'));
  await agent.press(group, confirmation!.message_id, confirmation!.buttons.flat()[1]?.callback_data ?? '', bob);

  // Assess
  expect(bobsMessage).toMatch(/^⏰ #2 Tue 24 Nov 11:00 — buy candles/);
  expect(alicesMessage).toBe('✏️ Moved: ⏰ #1 Tue 24 Nov 18:00 — order the cake');
  expect(agent.standIn.callbackAnswers(group).at(-1)?.text).toBe('Only the person who set #1 or a group admin can change it.');
});
