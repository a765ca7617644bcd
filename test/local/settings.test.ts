import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/config/env.ts';
import { formatBanner } from '../../local/banner.ts';
import { DataDirLockedError } from '../../local/data-dir-lock.ts';
import { PortInUseError } from '../../local/errors.ts';
import { startupFailureMessage } from '../../local/run.ts';
import { readLocalSettings } from '../../local/settings.ts';

const machine = { cwd: '/home/ada/nudge', machineZone: 'Europe/Berlin' };

describe('readLocalSettings', () => {
  it('defaults to 127.0.0.1, ./.data, ports 8080-8084 and the machine zone', () => {
    const settings = readLocalSettings({}, machine);
    expect(settings).toMatchObject({
      dataDir: '/home/ada/nudge/.data',
      host: '127.0.0.1',
      ports: { chat: 8080, agent: 8081, webhook: 8082, telegram: 8083, dynamo: 8084 },
      allowedUserIds: [],
      defaultTimezone: 'Europe/Berlin',
      sweepIntervalMs: 60_000,
      logLevel: 'info',
    });
    expect(settings.telegramToken).toBeUndefined();
  });

  it('reads every setting', () => {
    const settings = readLocalSettings(
      {
        NUDGE_DATA_DIR: '/var/nudge',
        NUDGE_HOST: '0.0.0.0',
        NUDGE_CHAT_PORT: '9000',
        NUDGE_DYNAMO_PORT: '0',
        TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_-abc',
        NUDGE_ALLOWED_USER_IDS: '1001, 1002',
        NUDGE_DEFAULT_TIMEZONE: 'America/New_York',
        NUDGE_SWEEP_INTERVAL_MS: '5000',
        NUDGE_LOG_LEVEL: 'debug',
      },
      machine,
    );
    expect(settings).toMatchObject({
      dataDir: '/var/nudge',
      host: '0.0.0.0',
      ports: { chat: 9000, dynamo: 0, agent: 8081 },
      allowedUserIds: [1001, 1002],
      defaultTimezone: 'America/New_York',
      sweepIntervalMs: 5_000,
      logLevel: 'debug',
    });
  });

  it('names the bad setting, and never echoes a token', () => {
    expect(() => readLocalSettings({ NUDGE_CHAT_PORT: 'eighty' }, machine)).toThrow(/NUDGE_CHAT_PORT/);
    expect(() => readLocalSettings({ NUDGE_DEFAULT_TIMEZONE: 'Mars/Base' }, machine)).toThrow(/NUDGE_DEFAULT_TIMEZONE/);
    const badToken = 'not-a-token-but-secret-looking';
    let caught: unknown;
    try {
      readLocalSettings({ TELEGRAM_BOT_TOKEN: badToken }, machine);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).key).toBe('TELEGRAM_BOT_TOKEN');
    expect((caught as Error).message).not.toContain(badToken);
  });
});

describe('startupFailureMessage', () => {
  it('tells which env var moves a busy port', () => {
    const message = startupFailureMessage(new PortInUseError('telegram', '127.0.0.1', 8083));
    expect(message).toBe(
      'port 8083 on 127.0.0.1 is already in use (Telegram stand-in). Set NUDGE_TELEGRAM_PORT to a free port, or stop the program using it (another npm start?).',
    );
  });

  it('passes lock and config errors through as they are', () => {
    const locked = new DataDirLockedError('/d', '/d/nudge.lock', 42);
    expect(startupFailureMessage(locked)).toBe(locked.message);
  });
});

describe('formatBanner', () => {
  const stack = {
    urls: { chat: 'http://127.0.0.1:8080', agent: 'a', webhook: 'w', telegramApi: 't', dynamo: 'd' },
    telegram: 'stand-in' as const,
    access: { mode: 'open' as const },
    dataDir: '/home/ada/nudge/.data',
  };

  it('says where to go, where the data is, which brain, and that access is open', () => {
    const banner = formatBanner({ stack, brain: 'deterministic commands only', defaultTimezone: 'Europe/Berlin' });
    expect(banner).toContain('Open the chat:  http://127.0.0.1:8080');
    expect(banner).toContain('Data:           /home/ada/nudge/.data');
    expect(banner).toContain('Brain:          deterministic commands only');
    expect(banner).toMatch(/Access: +open \(local test users\)/);
  });

  it('with real Telegram points to the bot and warns about open access', () => {
    const banner = formatBanner({
      stack: { ...stack, urls: { ...stack.urls, chat: undefined }, telegram: 'telegram', botUsername: 'my_nudge_bot' },
      brain: 'Claude on Bedrock (m)',
      defaultTimezone: 'UTC',
    });
    expect(banner).toContain('Chat with @my_nudge_bot in Telegram');
    expect(banner).toContain('set NUDGE_ALLOWED_USER_IDS to restrict');
  });
});
