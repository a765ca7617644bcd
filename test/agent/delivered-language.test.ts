import { expect, it } from 'vitest';
import { sweepOnAgentClock, T0, useAgent } from './harness.ts';

// A reminder set in German is delivered in German: the sweeper's message, its buttons, and what a press says.
// The agent over HTTP, the real sweeper on the agent's clock, the stand-in, dynalite.

const HOUR = 3_600_000;
const anna = { id: 951, is_bot: false as const, first_name: 'Anna', language_code: 'de' };

const agent = useAgent();

it('a German reminder arrives with German buttons and a German lateness note; a press answers in German', async () => {
  // Prepare: set in German, delivered 3 hours late (after an outage).
  agent.setNow(T0);
  await agent.say(951, 'in 1 Stunde Arzt anrufen', anna);
  expect((await agent.store.getReminderByShortId(951, 1))?.lang).toBe('de');
  agent.setNow(new Date(T0.getTime() + 4 * HOUR));

  // Act
  await sweepOnAgentClock(agent);
  const delivered = agent.botMessages(951).at(-1)!;
  await agent.press(951, delivered.message_id, delivered.buttons[1]?.[0]?.callback_data ?? '', anna);

  // Assess
  expect(delivered.text).toBe('⏰ #1 Arzt anrufen\n(war vor 3 h fällig)');
  expect(delivered.buttons.flat().map((b) => b.text)).toEqual(['✅ Erledigt', '⏰ 10 Min.', '⏰ 1 Std.', '⏰ Morgen 09:00']);
  expect(agent.standIn.callbackAnswers(951).at(-1)?.text).toBe('Verschoben auf ⏰ #1 Di., 24. Nov., 13:10');
  expect(agent.botMessages(951).find((m) => m.message_id === delivered.message_id)?.text).toBe(
    '⏰ #1 Arzt anrufen\n(war vor 3 h fällig)\n\n😴 Verschoben: ⏰ #1 Di., 24. Nov., 13:10 — Arzt anrufen',
  );
});

it('an English reminder row stores no language and is delivered as before', async () => {
  agent.setNow(T0);
  await agent.say(952, 'in 1 hour stretch');
  agent.setNow(new Date(T0.getTime() + HOUR));

  await sweepOnAgentClock(agent);

  const delivered = agent.botMessages(952).at(-1)!;
  expect(delivered.text).toBe('⏰ #1 stretch');
  expect(delivered.buttons.flat().map((b) => b.text)).toEqual(['✅ Done', '⏰ 10 min', '⏰ 1 h', '⏰ Tomorrow 09:00']);
});
