import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortInUseError } from '../../local/errors.ts';
import { startLocalStack } from '../../local/stack.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../local/telegram-standin/index.ts';
import { ChatUser } from './chat-user.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'nudge-local-startup-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describe('startLocalStack startup', () => {
  it('fails with PortInUseError naming the part, and leaves nothing behind', async () => {
    // Prepare: something already listens where the agent wants to.
    const { port, server } = await occupyPort();
    try {
      // Act
      const attempt = startLocalStack({ dataDir, ports: { agent: port } });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toMatchObject({ service: 'agent', port, host: '127.0.0.1' });
      // The parts started before it were stopped and the lock released: the folder is usable at once.
      await expect(stat(join(dataDir, 'nudge.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
      const stack = await startLocalStack({ dataDir });
      await stack.stop();
    } finally {
      server.close();
    }
  });

  it('with a bot token, long-polls Telegram and feeds updates through the webhook core', async () => {
    // Prepare: a stand-in plays real Telegram, reached only through the Bot API (no webhook set by us).
    const token = '123456789:AAtest-token_for-long-polling-0001';
    const telegram: TelegramStandIn = await startTelegramStandIn({ token, botUsername: 'polled_bot' });
    // A webhook left over from a deployment: getUpdates is refused until it is removed.
    await new Api(token, { apiRoot: telegram.apiRoot }).setWebhook('https://nudge.example.com/telegram/webhook');
    try {
      const stack = await startLocalStack({ dataDir, telegramToken: token, telegramApiRoot: telegram.apiRoot, pollTimeoutSeconds: 1 });
      try {
        // Act
        const user = new ChatUser(telegram.url, 2002);
        const answer = await user.ask('/help');

        // Assess
        expect(answer.text).toMatch(/\/list/);
        expect(stack.telegram).toBe('telegram');
        expect(stack.botUsername).toBe('polled_bot');
        expect(stack.urls.chat).toBeUndefined();
        expect(stack.access).toEqual({ mode: 'open' });
        // Confirmed through getUpdates' offset: nothing left waiting at "Telegram".
        await expect.poll(() => telegram.pendingUpdateCount()).toBe(0);
      } finally {
        await stack.stop();
      }
    } finally {
      await telegram.stop();
    }
  });

  it('with an allow-list, strangers are refused exactly as on AWS', async () => {
    // Prepare
    const stack = await startLocalStack({ dataDir, allowedUserIds: [1001] });
    try {
      // Act
      const stranger = new ChatUser(stack.urls.standIn!, 1002, { id: 1002, first_name: 'Bob' });
      const answer = await stranger.ask('/help');

      // Assess
      expect(answer.text).toMatch(/private/);
      expect(answer.text).toContain('1002');
      expect(stack.access.mode).toBe('allow-list');
    } finally {
      await stack.stop();
    }
  });
});
