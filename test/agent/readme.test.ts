import { expect, it } from 'vitest';
import { only, T0, useAgent } from './harness.ts';

// The README's example table, typed in order into one chat through the stand-in, on a fixed clock
// (T0 = Tue 24 Nov 2026 09:00 UTC = 10:00 in Berlin). If a README row changes, change it here too.

const agent = useAgent({ now: T0 });

const README_TABLE: Array<[input: string, reply: string]> = [
  ['/tz Berlin', "🌍 Time zone set to Europe/Berlin. It's Tue 24 Nov 10:00 there now."],
  ['remind me tomorrow at 10 to check emails', '⏰ #1 Wed 25 Nov 10:00 — check emails'],
  ['/remind in 20 minutes take the pizza out', '⏰ #2 Tue 24 Nov 10:20 — take the pizza out'],
  ['/every weekday at 8:30 standup', '🔁 #3 every weekday at 08:30 (Europe/Berlin), next: Wed 25 Nov 08:30, then Thu 26 Nov 08:30 — standup'],
  ['/snooze #1 1h', '😴 Snoozed: ⏰ #1 Wed 25 Nov 11:00 — check emails'],
  ['/cancel #2', '🗑 Cancelled #2 — take the pizza out'],
];

it('every README example gets the reply the README shows', async () => {
  const replies: string[] = [];
  for (const [input] of README_TABLE) replies.push(only(await agent.say(600, input)).text);

  expect(replies).toEqual(README_TABLE.map(([, reply]) => reply));
  // And the table leaves what it says: #1 moved to 11:00 Berlin, #2 gone, #3 waiting.
  expect((await agent.store.listReminders(600)).items.map((r) => [r.shortId, r.dueAt])).toEqual([
    [3, '2026-11-25T07:30:00.000Z'],
    [1, '2026-11-25T10:00:00.000Z'],
  ]);
});
