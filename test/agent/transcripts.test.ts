import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { only, T0, useAgent } from './harness.ts';

// Conversations as data: test/agent/transcripts/<language>.json, each a list of steps played in one
// chat against the agent over HTTP with the Telegram stand-in and dynalite, no model, on T0's clock.
//   { "say": "…", "reply": "<regex>", "buttons"?: ["<button text>", …] }
//   { "press": "<button text on the newest message showing it>", "edited"?: "<regex>", "answer"?: "<regex>", "reply"?: "<regex>" }

interface Step {
  say?: string;
  press?: string;
  reply?: string;
  buttons?: string[];
  edited?: string;
  answer?: string;
}

const DIR = join(import.meta.dirname, 'transcripts');
const files = readdirSync(DIR).filter((name) => name.endsWith('.json')).sort();

const agent = useAgent({ now: T0 });

describe.each(files.map((file, index) => [file, 700 + index] as const))('transcript %s', (file, chatId) => {
  const { steps, languageCode } = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { steps: Step[]; languageCode?: string };
  // The writer's Telegram app language, as Telegram sends it with every message.
  const from = { id: chatId, is_bot: false, first_name: 'Transcript', language_code: languageCode ?? 'en' };

  it('every step gets the reply its pattern describes', async () => {
    for (const [index, step] of steps.entries()) {
      const where = `${file} step ${index + 1} (${step.say ?? step.press})`;
      if (step.say !== undefined) {
        // Act
        const reply = only(await agent.say(chatId, step.say, from));
        // Assess
        expect(reply.text, where).toMatch(new RegExp(step.reply ?? ''));
        if (step.buttons) expect(reply.buttons.flat().map((b) => b.text), where).toEqual(step.buttons);
        continue;
      }
      // Prepare: the newest message showing that button.
      const message = agent.botMessages(chatId).findLast((m) => m.buttons.flat().some((b) => b.text === step.press));
      const button = message?.buttons.flat().find((b) => b.text === step.press);
      expect(button?.callback_data, `${where}: no such button`).toBeDefined();
      // Act
      const sent = await agent.press(chatId, message?.message_id ?? 0, button?.callback_data ?? '', from);
      // Assess
      if (step.edited) {
        const edited = agent.botMessages(chatId).find((m) => m.message_id === message?.message_id);
        expect(edited?.text, where).toMatch(new RegExp(step.edited));
        expect(edited?.buttons, `${where}: buttons stay after the press`).toEqual([]);
      }
      if (step.answer) expect(agent.standIn.callbackAnswers(chatId).at(-1)?.text, where).toMatch(new RegExp(step.answer));
      if (step.reply) expect(only(sent).text, where).toMatch(new RegExp(step.reply));
    }
  });
});
