import { describe, expect, it } from 'vitest';
import { chooseBrain } from '../../local/brain.ts';

describe('chooseBrain', () => {
  it('runs the deterministic brain when no model id is set', async () => {
    const brain = await chooseBrain({});
    expect(brain.model).toBeUndefined();
    expect(brain.description).toMatch(/^deterministic commands only/);
    expect(brain.warning).toBeUndefined();
  });

  it('uses Claude on Bedrock when a model id and credentials are there', async () => {
    const brain = await chooseBrain(
      { NUDGE_MODEL_ID: 'anthropic.claude-test', AWS_REGION: 'eu-central-1', NUDGE_MODEL_MAX_TURNS: '3' },
      { credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }) },
    );
    expect(brain.model).toMatchObject({ modelId: 'anthropic.claude-test', maxTurns: 3, maxTokens: 1024 });
    expect(await brain.model!.client.config.region()).toBe('eu-central-1');
    expect(brain.description).toContain('Claude on Bedrock (anthropic.claude-test, eu-central-1)');
    brain.model!.client.destroy();
  });

  it('says why a configured model is off when no credentials are found', async () => {
    const brain = await chooseBrain(
      { NUDGE_MODEL_ID: 'anthropic.claude-test' },
      {
        credentials: async () => {
          throw new Error('Could not load credentials from any providers');
        },
      },
    );
    expect(brain.model).toBeUndefined();
    expect(brain.warning).toMatch(/NUDGE_MODEL_ID is set but no AWS credentials were found \(Could not load credentials/);
  });
});
