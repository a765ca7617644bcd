import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENTRIES, REPO_ROOT } from '../../infra/repo-paths.ts';
import { FIXTURE_ENTRIES, TEMP_PREFIX } from './synth-nudge.ts';

const outdir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The environment of a fresh CI runner: no AWS credentials, profile, region or Docker. */
function noAwsEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_') && !key.startsWith('CDK_')) env[key] = value;
  return {
    ...env,
    AWS_CONFIG_FILE: join(outdir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(outdir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DOCKER: join(outdir, 'no-docker'),
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
}

describe('npx cdk synth', () => {
  it('synthesises the app with no AWS credentials and no Docker', () => {
    // While a real entry is still being written elsewhere, synthesise with the fixture in its place.
    const context = (['webhook', 'sweeper', 'agent'] as const).flatMap((name) =>
      existsSync(DEFAULT_ENTRIES[name]) ? [] : ['-c', `${name}Entry=${FIXTURE_ENTRIES[name]}`],
    );
    // No credentials, but a deploy names its users and region (synth fails without; see config tests).
    const deploy = ['-c', 'allowedUserIds=4242', '-c', 'region=eu-west-1'];
    const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', join(outdir, 'cdk.out'), ...deploy, ...context], {
      cwd: REPO_ROOT,
      env: noAwsEnv(),
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'cdk.out', 'Nudge.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::BedrockAgentCore::Runtime')).toHaveLength(1);
    // The model's inference profile follows the region (eu-west-1 → "eu.").
    expect(JSON.stringify(template)).toContain('"NUDGE_MODEL_ID":"eu.anthropic.');
    // cdk-nag runs as a validation plugin: a finding would have failed the synth (exit code above),
    // and the validation report lists no failing plugin.
    const report = JSON.parse(readFileSync(join(outdir, 'cdk.out', 'validation-report.json'), 'utf8')) as { pluginReports: Array<{ summary: { status: string } }> };
    expect(report.pluginReports.filter((r) => r.summary.status !== 'success')).toEqual([]);
    expect(existsSync(join(REPO_ROOT, 'cdk.context.json'))).toBe(false);
  }, 120_000);

  it('fails with the sentence naming the -c to add when no users are configured', () => {
    const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', join(outdir, 'cdk.out.nousers'), '-c', 'region=eu-west-1'], {
      cwd: REPO_ROOT,
      env: noAwsEnv(),
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('-c allowedUserIds=<your Telegram user id>');
    expect(result.stderr).toContain('-c openAccess=true');
  }, 120_000);
});
