import { describe, expect, it } from 'vitest';
import { ContextError, DEFAULT_CONFIG, readNudgeConfig } from '../../infra/config.ts';
import { modelArns } from '../../infra/model-arns.ts';

const from = (context: Record<string, unknown>) => readNudgeConfig((key) => context[key]);

describe('readNudgeConfig', () => {
  it('falls back to the defaults when no context is given', () => {
    expect(from({})).toEqual(DEFAULT_CONFIG);
  });

  it('accepts strings from `-c key=value` and JSON values from cdk.json alike', () => {
    const cli = from({ allowedUserIds: '42, 43', openAccess: 'no', dueShards: '8', botTokenParameter: 'custom/token' });
    const json = from({ allowedUserIds: [42, 43], openAccess: false, dueShards: 8, botTokenParameter: '/custom/token' });
    expect(cli).toEqual(json);
    expect(cli).toMatchObject({ allowedUserIds: [42, 43], openAccess: false, dueShards: 8, botTokenParameter: '/custom/token' });
    expect(from({ openAccess: 'true' }).openAccess).toBe(true);
  });

  it.each([
    ['dueShards', '0'],
    ['allowedUserIds', '12,abc'],
    ['openAccess', 'maybe'],
    ['modelId', 'not a model'],
    ['alarmEmail', 'nobody'],
    ['botTokenParameter', 'has spaces in it'],
    ['logRetentionDays', '10'],
    ['parameterKmsKeyArn', 'alias/aws/ssm'],
  ])('rejects a malformed %s with an error naming the key', (key, value) => {
    let caught: unknown;
    try {
      from({ [key]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContextError);
    expect((caught as ContextError).key).toBe(key);
    expect((caught as Error).message).toContain(key);
  });
});

it('rejects allowedUserIds together with openAccess, which the webhook would refuse at runtime', () => {
  expect(() => from({ allowedUserIds: '42', openAccess: 'true' })).toThrow(ContextError);
});

describe('modelArns', () => {
  it('names one foundation model in this region for a plain model id', () => {
    expect(modelArns('anthropic.claude-3-5-haiku-20241022-v1:0', 'aws', 'us-west-2', '123456789012')).toEqual({
      crossRegion: false,
      resources: ['arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0'],
    });
  });

  it('names the inference profile and its foundation model in any region for a cross-region profile', () => {
    expect(modelArns('eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws', 'eu-west-1', '123456789012')).toEqual({
      crossRegion: true,
      resources: [
        'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
        'arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      ],
    });
  });
});
