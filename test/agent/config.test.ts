import { describe, expect, it } from 'vitest';
import { readAgentConfig } from '../../agent/config.ts';
import { ConfigError } from '../../core/config/env.ts';

describe('readAgentConfig', () => {
  it('reads the AWS shape: SSM token parameter, defaults for the rest', () => {
    expect(readAgentConfig({ NUDGE_TABLE_NAME: 'nudge-prod', NUDGE_BOT_TOKEN_PARAM: '/nudge/bot-token' })).toEqual({
      tableName: 'nudge-prod',
      botToken: { from: 'ssm', parameterName: '/nudge/bot-token', maxAgeSeconds: 300, waitMs: 120_000 },
      maxTurns: 6,
      maxTokens: 1024,
      port: 8080,
      host: '0.0.0.0',
      defaultTimezone: 'UTC',
      singleProcess: false,
    });
  });

  it('reads the local shape: token from the env, endpoints, model', () => {
    const config = readAgentConfig({
      NUDGE_TABLE_NAME: 'nudge',
      TELEGRAM_BOT_TOKEN: '1:abc',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      NUDGE_MODEL_ID: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
      PORT: '9090',
      HOST: '127.0.0.1',
      NUDGE_DEFAULT_TIMEZONE: 'Europe/Berlin',
    });
    expect(config).toMatchObject({
      botToken: { from: 'env', value: '1:abc' },
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      telegramApiRoot: 'http://127.0.0.1:8081',
      modelId: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
      port: 9090,
      host: '127.0.0.1',
      defaultTimezone: 'Europe/Berlin',
    });
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: '1:abc' }, 'NUDGE_TABLE_NAME'],
    [{ NUDGE_TABLE_NAME: 't' }, 'NUDGE_BOT_TOKEN_PARAM'],
    [{ NUDGE_TABLE_NAME: 't', TELEGRAM_BOT_TOKEN: '1:abc', PORT: 'eighty' }, 'PORT'],
    [{ NUDGE_TABLE_NAME: 't', TELEGRAM_BOT_TOKEN: '1:abc', NUDGE_MODEL_MAX_TURNS: '99' }, 'NUDGE_MODEL_MAX_TURNS'],
    [{ NUDGE_TABLE_NAME: 't', TELEGRAM_BOT_TOKEN: '1:abc', NUDGE_DEFAULT_TIMEZONE: 'Mars/Base' }, 'NUDGE_DEFAULT_TIMEZONE'],
  ])('fails fast naming the key (%o → %s), never echoing the token', (env, key) => {
    let caught: unknown;
    try {
      readAgentConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).key).toBe(key);
    expect((caught as ConfigError).message).not.toContain('1:abc');
  });
});
