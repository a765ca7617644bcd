import { spawn } from 'node:child_process';
import { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/repo-paths.ts';
import { runPreflight, type PreflightClients } from '../../scripts/lib/preflight/run-preflight.ts';
import { formatResult, type CheckResult } from '../../scripts/lib/preflight/types.ts';
import { errorReply, startFakeBedrock, textReply, type FakeBedrock } from '../support/fake-bedrock.ts';
import { startFakeAws, type FakeAws } from '../support/fake-aws.ts';

const REGION = 'eu-west-1';
const TOKEN_PARAM = '/nudge/telegram/bot-token';
const SECRET_PARAM = '/nudge/telegram/webhook-secret';

let aws: FakeAws;
let bedrock: FakeBedrock;
beforeAll(async () => {
  [aws, bedrock] = await Promise.all([startFakeAws(), startFakeBedrock()]);
});
afterAll(() => Promise.all([aws?.stop(), bedrock?.stop()]));

/** A healthy account: bootstrapped, quota 1000, both SecureStrings, the model answering. */
beforeEach(() => {
  aws.state.stsError = undefined;
  aws.state.agentCoreError = undefined;
  aws.state.stacks.set('CDKToolkit', { status: 'CREATE_COMPLETE', outputs: { BootstrapVersion: '30' } });
  aws.state.lambda = { total: 1000, unreserved: 1000 };
  aws.ssm.parameters.clear();
  aws.ssm.parameters.set(TOKEN_PARAM, { value: '1:x', type: 'SecureString' });
  aws.ssm.parameters.set(SECRET_PARAM, { value: 'secret', type: 'SecureString' });
  aws.calls.length = 0;
  bedrock.reset();
});

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };
function clients(agentCoreEndpoint = aws.endpoint): (region: string) => PreflightClients {
  return (region) => ({
    sts: new STSClient({ region, endpoint: aws.endpoint, credentials }),
    cloudformation: new CloudFormationClient({ region, endpoint: aws.endpoint, credentials }),
    lambda: new LambdaClient({ region, endpoint: aws.endpoint, credentials }),
    ssm: new SSMClient({ region, endpoint: aws.ssm.endpoint, credentials }),
    bedrock: new BedrockRuntimeClient({ region, endpoint: bedrock.url, credentials }),
    agentcore: new BedrockAgentCoreControlClient({ region, endpoint: agentCoreEndpoint, credentials, maxAttempts: 1 }),
  });
}

const context = (values: Record<string, string>) => (key: string) => values[key];
const USERS = { allowedUserIds: '4242' };

async function preflight(values: Record<string, string> = USERS, region: string | undefined = REGION, agentCoreEndpoint?: string): Promise<CheckResult[]> {
  return runPreflight({ region, context: context(values), clients: clients(agentCoreEndpoint) });
}

const failed = (results: CheckResult[]) => results.filter((r) => !r.ok).map(formatResult);
const line = (results: CheckResult[], name: string) => formatResult(results.find((r) => r.name === name)!);

describe('npm run preflight against fakes of the AWS APIs', () => {
  it('passes a ready account, with one line per check, and tries the region’s model with a 1-token Converse call', async () => {
    bedrock.script(textReply('p'));
    const results = await preflight();
    expect(failed(results)).toEqual([]);
    expect(results.map((r) => r.name)).toEqual(['Users', 'Model', 'AWS credentials', 'CDK bootstrap', 'Lambda concurrency', 'Model access', 'AgentCore Runtime', 'SSM parameters']);
    for (const result of results) expect(formatResult(result)).not.toContain('\n');
    expect(bedrock.requests).toHaveLength(1);
    expect(bedrock.requests[0]!.modelId).toBe('eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(bedrock.requests[0]!.body.inferenceConfig?.maxTokens).toBe(1);
    expect(line(results, 'AWS credentials')).toContain('123456789012');
  });

  it('names the -c to add when no users are configured', async () => {
    bedrock.script(textReply('p'));
    expect(failed(await preflight({}))).toEqual([
      '✗ Users: no Telegram users may talk to the bot, so every update would fail — fix: deploy with -c allowedUserIds=<your Telegram user id> (comma-separated), or -c openAccess=true to answer everyone',
    ]);
  });

  it('says how to set a region when none is set, without calling AWS', async () => {
    const results = await runPreflight({ region: undefined, context: context(USERS), clients: clients() });
    expect(failed(results)).toEqual([
      '✗ Deploy settings: The model default follows the deploy region, and none is set: set AWS_REGION (or a region in your AWS profile), or pass -c region=<region>, or name the model with -c modelId=<id>. — fix: correct region (-c region=… or cdk.json)',
      '✗ AWS region: none set — fix: set AWS_REGION (e.g. AWS_REGION=eu-west-1) or a region in your AWS profile',
    ]);
    expect(aws.calls).toEqual([]);
  });

  it('stops at refused credentials with the fix, calling nothing else', async () => {
    aws.state.stsError = 'InvalidClientTokenId';
    const results = await preflight();
    expect(failed(results)).toEqual(['✗ AWS credentials: AWS refused them (InvalidClientTokenId) — fix: refresh them (aws sso login, or new access keys) and run preflight again']);
    expect(aws.calls).toEqual(['sts:GetCallerIdentity']);
  });

  it('tells an account that is not bootstrapped the exact cdk bootstrap command', async () => {
    bedrock.script(textReply('p'));
    aws.state.stacks.delete('CDKToolkit');
    expect(failed(await preflight())).toEqual(['✗ CDK bootstrap: eu-west-1 is not bootstrapped for CDK (no CDKToolkit stack) — fix: run: npx cdk bootstrap aws://123456789012/eu-west-1']);
  });

  it('accepts a new account’s concurrency quota of 10, but not with an opt-in reservation that would roll the stack back', async () => {
    aws.state.lambda = { total: 10, unreserved: 10 };
    bedrock.script(textReply('p'), textReply('p'));
    expect(failed(await preflight())).toEqual([]);
    expect(failed(await preflight({ ...USERS, sweeperReservedConcurrency: '1' }))).toEqual([
      '✗ Lambda concurrency: -c sweeperReservedConcurrency=1 would leave 9 unreserved (Lambda requires 10; account quota 10) and the stack would roll back — fix: drop -c sweeperReservedConcurrency (the sender lease keeps one sweeper at a time), or request more "Concurrent executions" for Lambda in Service Quotas',
    ]);
  });

  it.each([
    ['Marketplace subscription', errorReply(403, 'AccessDeniedException', 'Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe)'), 'aws-marketplace:Subscribe'],
    ['use-case form', errorReply(404, 'ResourceNotFoundException', 'Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model.'), 'submit the use-case details'],
    ['model not in the region', errorReply(400, 'ValidationException', 'The provided model identifier is invalid.'), '-c modelId=<a model or inference-profile id offered in eu-west-1>'],
    ['no permission', errorReply(403, 'AccessDeniedException', 'User is not authorized to perform: bedrock:InvokeModel'), 'bedrock:InvokeModel'],
  ])('explains a model refused for %s, with its fix, in one line', async (_case, reply, fix) => {
    bedrock.script(reply);
    const lines = failed(await preflight());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^✗ Model access: /);
    expect(lines[0]).toContain(fix);
  });

  it('reports AgentCore missing from the region, or not allowed', async () => {
    bedrock.script(textReply('p'), textReply('p'));
    aws.state.agentCoreError = { status: 403, type: 'AccessDeniedException' };
    expect(failed(await preflight())).toEqual(['✗ AgentCore Runtime: your credentials may not list AgentCore runtimes in eu-west-1 (AccessDeniedException) — fix: allow bedrock-agentcore:ListAgentRuntimes (and the CreateAgentRuntime the deploy needs)']);
    aws.state.agentCoreError = undefined;
    const lines = failed(await preflight(USERS, REGION, 'http://nudge-no-agentcore.invalid'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^✗ AgentCore Runtime: Bedrock AgentCore has no endpoint in eu-west-1 — fix: deploy to a region where AgentCore Runtime offers direct code deployment \(NODE_22\)/);
  });

  it('finds missing and plain-text SSM parameters and points at npm run token:store', async () => {
    bedrock.script(textReply('p'), textReply('p'));
    aws.ssm.parameters.delete(SECRET_PARAM);
    expect(failed(await preflight())).toEqual([`✗ SSM parameters: ${SECRET_PARAM} not found — fix: run: npm run token:store (it creates both as SecureStrings)`]);
    aws.ssm.parameters.set(SECRET_PARAM, { value: 'secret', type: 'String' });
    expect(failed(await preflight())).toEqual([`✗ SSM parameters: ${SECRET_PARAM} (String) not a SecureString — fix: delete it and run: npm run token:store (it writes SecureStrings)`]);
  });
});

describe('npm run preflight as a command', () => {
  /** Runs scripts/preflight.ts as `npm run preflight -- …` would, with every AWS endpoint pointed at the fakes. */
  function run(args: string[]): Promise<{ code: number | null; out: string }> {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_') && !key.startsWith('CDK_')) env[key] = value;
    Object.assign(env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_STS: aws.endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: aws.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: aws.endpoint,
      AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: aws.endpoint,
      AWS_ENDPOINT_URL_SSM: aws.ssm.endpoint,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
    });
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'preflight.ts'), ...args], { cwd: REPO_ROOT, env });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
  }

  it('exits 0 on a ready account and 1 with the failing line otherwise', async () => {
    bedrock.script(textReply('p'));
    const ok = await run(['-c', 'allowedUserIds=4242']);
    expect(ok.out).toContain('✓ CDK bootstrap: CDKToolkit CREATE_COMPLETE');
    expect(ok.out).toContain('Preflight passed');
    expect(ok.code).toBe(0);

    bedrock.script(textReply('p'));
    const noUsers = await run([]);
    expect(noUsers.code).toBe(1);
    expect(noUsers.out).toContain('✗ Users:');
    expect(noUsers.out).toContain('Preflight failed');
  }, 60_000);
});
