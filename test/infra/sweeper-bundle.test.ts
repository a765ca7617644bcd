import { App, Duration, Stack } from 'aws-cdk-lib';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambdaForBench, type BuiltLambda } from '../../bench/harness/lambda-bundle.ts';
import { startTickChild } from '../../bench/harness/lambda-tick.ts';
import { SWEEPER_MEMORY_MB, SWEEPER_TIMEOUT_SECONDS } from '../../infra/function-sizes.ts';
import { LAMBDA_BUNDLE_FILE } from '../../infra/lambda-bundling.ts';
import { NudgeFunction } from '../../infra/nudge-function.ts';
import { DEFAULT_ENTRIES } from '../../infra/repo-paths.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../local/telegram-standin/index.ts';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.ts';
import { startFakeSsm, type FakeSsm } from '../support/fake-ssm.ts';
import { countAtStandIn, storeOver, TOKEN } from '../sweeper/support.ts';
import { TEMP_PREFIX } from './synth-nudge.ts';

// What Lambda runs is the esbuild bundle, not the TypeScript the other tests import: these build it
// with the deploy's options (infra/lambda-bundling.ts, shared with the sweeper-size benchmark) and run it.

let dir: string;
let built: BuiltLambda;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  built = await buildLambdaForBench(DEFAULT_ENTRIES.sweeper, join(dir, 'bench'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled sweeper', () => {
  it('is byte for byte the bundle CDK stages for the sweeper function', () => {
    // Prepare: a stack with only the sweeper, bundled by CDK's local esbuild (never Docker).
    process.env.CDK_DOCKER = '/nonexistent/docker';
    const outdir = join(dir, 'cdk.out');
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'SweeperOnly');
      new NudgeFunction(stack, 'Sweeper', { entry: DEFAULT_ENTRIES.sweeper, description: 'sweeper bundle check', timeout: Duration.seconds(SWEEPER_TIMEOUT_SECONDS), memorySize: SWEEPER_MEMORY_MB, environment: {}, logRetentionDays: 1 });

      // Act
      app.synth();
    } finally {
      delete process.env.CDK_DOCKER;
    }

    // Assess
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.') && readdirSync(join(outdir, name)).includes(LAMBDA_BUNDLE_FILE));
    expect(assets).toHaveLength(1);
    const staged = readFileSync(join(outdir, assets[0]!, LAMBDA_BUNDLE_FILE));
    expect(staged.equals(readFileSync(built.bundle))).toBe(true);
  }, 120_000);

  describe('invoked as Lambda invokes it', () => {
    const TOKEN_PARAM = '/nudge/test/bot-token';
    let dynamo: TestDynamo;
    let standIn: TelegramStandIn;
    let ssm: FakeSsm;
    beforeAll(async () => {
      [dynamo, standIn, ssm] = await Promise.all([startTestDynamo('dynalite'), startTelegramStandIn({ token: TOKEN }), startFakeSsm({ [TOKEN_PARAM]: { value: TOKEN, type: 'SecureString' } })]);
    });
    afterAll(async () => {
      await Promise.all([dynamo?.stop(), standIn?.stop(), ssm?.stop()]);
    });

    it('reads the token from SSM, delivers a due reminder on its second, once, and logs no token', async () => {
      // Prepare: the process is up and has had its cold invocation (nothing due) before the reminder exists.
      const tableName = await dynamo.newTable();
      const child = startTickChild(
        built,
        { bundle: built.bundle, timeoutMs: SWEEPER_TIMEOUT_SECONDS * 1000, memoryMb: SWEEPER_MEMORY_MB },
        { tableName, dynamoEndpoint: dynamo.endpoint, ssmEndpoint: ssm.endpoint, tokenParameter: TOKEN_PARAM, telegramApiRoot: standIn.apiRoot },
      );
      try {
        await child.warm;
        const now = new Date();
        const dueAt = new Date(Math.ceil((now.getTime() + 2_000) / 1000) * 1000);
        await storeOver(dynamo.doc, tableName).createReminder({ chatId: 9_300, text: 'bundled-sweeper-reminder', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt }, now);

        // Act: one EventBridge tick.
        const { report } = await child.tick(new Date().toISOString());

        // Assess
        expect(report.tick.result).toMatchObject({ delivered: 1, claimed: 1, stoppedBy: 'idle' });
        const sent = standIn.sentMessages(9_300).filter((m) => m.text.includes('bundled-sweeper-reminder'));
        expect(sent).toHaveLength(1);
        expect(sent[0]!.received_at).toBeGreaterThanOrEqual(dueAt.getTime());
        expect(countAtStandIn(standIn, 'bundled-sweeper-reminder')).toBe(1);
        expect(ssm.calls.some((call) => call.operation === 'GetParameter' && call.name === TOKEN_PARAM)).toBe(true);
        expect(child.stdoutText()).toContain('sweep finished');
        expect(child.stdoutText()).not.toContain(TOKEN);
      } finally {
        await child.stop();
      }
    }, 60_000);
  });
});
