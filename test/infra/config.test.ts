import { describe, expect, it } from 'vitest';
import { ContextError, DEFAULT_CONFIG, NO_USERS_MESSAGE, readNudgeConfig, readParameterNames } from '../../infra/config.ts';
import { modelArns } from '../../infra/model-arns.ts';

/** A deployable minimum: one user and a region (a real deploy's CLI supplies the region). */
const from = (context: Record<string, unknown>, region = 'us-east-1') => readNudgeConfig((key) => ({ allowedUserIds: '4242', ...context })[key], region);

function errorOf(run: () => unknown): ContextError {
  try {
    run();
  } catch (error) {
    if (error instanceof ContextError) return error;
    throw error;
  }
  throw new Error('expected a ContextError');
}

describe('readNudgeConfig', () => {
  it('falls back to the defaults when no context is given', () => {
    expect(from({})).toEqual({ ...DEFAULT_CONFIG, allowedUserIds: [4242] });
  });

  it('fails with the sentence naming the -c to add when neither users nor open access are configured', () => {
    // Prepare / Act: the context a fresh clone has.
    const error = errorOf(() => readNudgeConfig(() => undefined, 'us-east-1'));
    // Assess
    expect(error.key).toBe('allowedUserIds');
    expect(error.message).toBe(NO_USERS_MESSAGE);
    expect(error.message).toContain('-c allowedUserIds=<your Telegram user id>');
    expect(readNudgeConfig((key) => ({ openAccess: 'true' })[key], 'us-east-1').openAccess).toBe(true);
  });

  it.each([
    ['us-east-1', 'us.'],
    ['us-west-2', 'us.'],
    ['eu-west-1', 'eu.'],
    ['eu-central-1', 'eu.'],
    ['ap-northeast-1', 'apac.'],
    ['ap-southeast-2', 'apac.'],
  ])('picks the inference profile of the deploy region %s (%s)', (region, prefix) => {
    expect(from({}, region).modelId).toBe(`${prefix}anthropic.claude-sonnet-4-5-20250929-v1:0`);
    // -c region= wins over the CLI's region.
    expect(from({ region }, 'us-east-1').modelId.startsWith(prefix)).toBe(true);
  });

  it('fails synth in a region without a known profile, and when no region is known, unless -c modelId is given', () => {
    const unsupported = errorOf(() => from({}, 'sa-east-1'));
    expect(unsupported.key).toBe('modelId');
    expect(unsupported.message).toContain('sa-east-1');
    expect(unsupported.message).toContain('-c modelId=');
    const unknown = errorOf(() => readNudgeConfig((key) => ({ allowedUserIds: '1' })[key as 'allowedUserIds']));
    expect(unknown.key).toBe('region');
    expect(unknown.message).toContain('-c region=');
    expect(from({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' }, 'sa-east-1').modelId).toBe('anthropic.claude-3-5-haiku-20241022-v1:0');
  });

  it('makes sweeper reserved concurrency opt-in (-c sweeperReservedConcurrency=1)', () => {
    expect(from({}).sweeperReservedConcurrency).toBeUndefined();
    expect(from({ sweeperReservedConcurrency: '1' }).sweeperReservedConcurrency).toBe(1);
    expect(errorOf(() => from({ sweeperReservedConcurrency: '0' })).key).toBe('sweeperReservedConcurrency');
  });

  it('reads the parameter names alone for scripts, without the deploy checks', () => {
    expect(readParameterNames(() => undefined)).toEqual({ botTokenParameter: DEFAULT_CONFIG.botTokenParameter, webhookSecretParameter: DEFAULT_CONFIG.webhookSecretParameter });
  });

  it('accepts strings from `-c key=value` and JSON values from cdk.json alike', () => {
    const cli = from({ allowedUserIds: '42, 43', openAccess: 'no', dueShards: '8', botTokenParameter: 'custom/token' });
    const json = from({ allowedUserIds: [42, 43], openAccess: false, dueShards: 8, botTokenParameter: '/custom/token' });
    expect(cli).toEqual(json);
    expect(cli).toMatchObject({ allowedUserIds: [42, 43], openAccess: false, dueShards: 8, botTokenParameter: '/custom/token' });
    expect(from({ openAccess: 'true', allowedUserIds: undefined }).openAccess).toBe(true);
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
