import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Monitoring } from '../../infra/monitoring.ts';
import { TEMP_PREFIX } from './synth-nudge.ts';

const outdir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('Monitoring without an alarm e-mail', () => {
  it('creates the alarms and dashboard but no topic, and alarms carry no actions', () => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'M');
    const fn = (id: string) => lambda.Function.fromFunctionName(stack, id, id.toLowerCase());
    const api = new apigwv2.HttpApi(stack, 'Api');
    new Monitoring(stack, 'Monitoring', { sweeper: fn('Sweeper'), webhook: fn('Webhook'), stage: api.defaultStage!, lagAlarmThresholdMs: 5000 });
    const template = Template.fromJSON(app.synth().getStackByName('M').template);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) expect(alarm.AlarmActions).toBeUndefined();
    expect(alarms.find((a) => a.MetricName === 'LagMax')?.Threshold).toBe(5000);
  });
});
