import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
const esc = (x: string) => '^' + x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
import { startAgent, startBackends, T0 } from './harness.ts';
it('walk', async () => {
  const b = await startBackends(); const a = await startAgent(b, { now: T0 });
  const file = process.env.WALK ?? 'de';
  const { steps, languageCode } = JSON.parse(readFileSync(`test/agent/transcripts/${file}.json`, 'utf8'));
  const from = { id: 800, is_bot: false, first_name: 'W', language_code: languageCode ?? 'en' };
  for (const s of steps) {
    if (s.say) { const r = await a.say(800, s.say, from); s.reply = esc(r[0]?.text ?? ''); if (s.buttons || r[0]?.buttons.length) s.buttons = r[0]!.buttons.flat().map((x) => x.text); console.log('>', s.say, '\n', JSON.stringify(r.map((m) => [m.text, m.buttons.flat().map((x) => x.text)]))); }
    else { const m = a.botMessages(800).findLast((x) => x.buttons.flat().some((y) => y.text === s.press)); const btn = m?.buttons.flat().find((y) => y.text === s.press);
      if (!btn) { console.log('NO BUTTON', s.press); continue; }
      await a.press(800, m!.message_id, btn.callback_data!, from); s.edited = esc(a.botMessages(800).find((x) => x.message_id === m!.message_id)?.text ?? ''); s.answer = esc(b.standIn.callbackAnswers(800).at(-1)?.text ?? ''); console.log('PRESS', s.press, '\n', JSON.stringify(a.botMessages(800).find((x) => x.message_id === m!.message_id)?.text), JSON.stringify(b.standIn.callbackAnswers(800).at(-1)?.text)); }
  }
  writeFileSync(`/tmp/conv/${file}.json`, JSON.stringify({ steps }, null, 1));
  await a.stop(); await b.stop();
}, 120_000);
