import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { DEFAULT_CONFIG, type NudgeConfig } from '../../infra/config.ts';
import { NudgeStack } from '../../infra/nudge-stack.ts';
import type { RuntimeEntries } from '../../infra/repo-paths.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Small stand-in entries, so template tests do not depend on the real handlers' progress. */
export const FIXTURE_ENTRIES: RuntimeEntries = {
  webhook: join(FIXTURES, 'handler.ts'),
  sweeper: join(FIXTURES, 'sweeper.ts'),
  agent: join(FIXTURES, 'agent.ts'),
};

/** Prefix of every temp folder these tests create, so a leak check can find them. */
export const TEMP_PREFIX = 'nudge-infra-test-';

export interface SynthResult {
  stack: NudgeStack;
  template: Template;
  /** cdk-nag's findings computed on the same tree (unacknowledged only). */
  nag: PolicyValidationPluginReport;
  outdir: string;
  /** Removes the cloud assembly folder. */
  dispose(): void;
}

/**
 * Synthesises the real stack once into a temp cloud assembly, with cdk-nag attached the way
 * `infra/app.ts` does (a violation makes `synth()` throw), and reads the template from disk.
 */
export function synthNudge(overrides: Partial<NudgeConfig> = {}, entries: RuntimeEntries = FIXTURE_ENTRIES): SynthResult {
  const outdir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  try {
    const app = new App({ outdir });
    // A deployable config names its users (synth fails without); tests that check that pass [] explicitly.
    const stack = new NudgeStack(app, 'Nudge', { config: { ...DEFAULT_CONFIG, allowedUserIds: [4242], ...overrides }, entries });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const assembly = app.synth();
    const nag = new AwsSolutionsChecks().validateScope(app);
    const template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
    return { stack, template, nag, outdir, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}
