import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTelegramStandIn } from '../../local/telegram-standin/index.ts';

// The stand-in keeps its chats in a file under the data folder, so the chat page shows the
// conversation after `npm start` is restarted.

const TOKEN = '7000009:AAtest-token-for-the-history-tests_x';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nudge-chat-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('a restarted stand-in shows the earlier conversation, edits included, and numbers on from there', async () => {
  // Prepare: a conversation with an edited bot message, then a stop.
  const historyFile = join(dir, 'chat-history.json');
  const first = await startTelegramStandIn({ token: TOKEN, historyFile });
  const api = new Api(TOKEN, { apiRoot: first.apiRoot });
  first.userSend(1001, 'remind me in 10 minutes to stretch');
  const sent = await api.sendMessage(1001, '⏰ #1 Tue 24 Nov 10:10 — stretch', {
    reply_markup: { inline_keyboard: [[{ text: '↩️ Undo', callback_data: 'undo:01HZZZZZZZZZZZZZZZZZZZZZZZ' }]] },
  });
  await api.editMessageText(1001, sent.message_id, '⏰ #1 Tue 24 Nov 10:10 — stretch\n\n↩️ Undone — #1 removed.');
  const before = first.chatMessages(1001);
  await first.stop();

  // Act
  const second = await startTelegramStandIn({ token: TOKEN, historyFile });
  try {
    // Assess: same messages; a new one continues the numbering.
    expect(second.chatMessages(1001)).toEqual(before);
    expect(before.map((m) => [m.from, m.text])).toEqual([
      ['user', 'remind me in 10 minutes to stretch'],
      ['bot', '⏰ #1 Tue 24 Nov 10:10 — stretch\n\n↩️ Undone — #1 removed.'],
    ]);
    expect(second.userSend(1001, 'list').message_id).toBe(3);
  } finally {
    await second.stop();
  }
});

it('a damaged history file starts an empty chat instead of failing', async () => {
  const historyFile = join(dir, 'chat-history.json');
  await writeFile(historyFile, '{"version":1,"chats":[{"chat":');

  const standIn = await startTelegramStandIn({ token: TOKEN, historyFile });
  try {
    expect(standIn.chatMessages(1001)).toEqual([]);
    expect(standIn.userSend(1001, 'hello').message_id).toBe(1);
  } finally {
    await standIn.stop();
  }
});
