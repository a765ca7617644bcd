import { Match } from 'aws-cdk-lib/assertions';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, TABLE } from '../../schema/index.ts';
import { MONITORING_FOOTPRINT } from '../../infra/monitoring-footprint.ts';
import { SWEEPER_METRICS } from '../../infra/sweeper-metrics.ts';
import { synthNudge, TEMP_PREFIX, type SynthResult } from './synth-nudge.ts';

type Json = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Json; Sid?: string };

let synth: SynthResult;
let resources: Record<string, { Type: string; Properties: Json }>;
const tempBefore = new Set(readdirSync(tmpdir()));

beforeAll(() => {
  // Docker is on this machine's PATH; pointing CDK at a missing binary proves bundling never uses it.
  process.env.CDK_DOCKER = '/nonexistent/docker';
  synth = synthNudge({ alarmEmail: 'ops@example.com', allowedUserIds: [111, 222] });
  resources = synth.template.toJSON().Resources as typeof resources;
});

afterAll(() => {
  synth?.dispose();
  delete process.env.CDK_DOCKER;
  const leaked = readdirSync(tmpdir()).filter((name) => !tempBefore.has(name) && (name.startsWith(TEMP_PREFIX) || name.startsWith('cdk.out') || name.startsWith('nudge-agent')));
  expect(leaked).toEqual([]);
});

function ofType(type: string): Array<[string, Json]> {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties]);
}

function logicalId(type: string, predicate: (props: Json) => boolean = () => true): string {
  const found = ofType(type).filter(([, p]) => predicate(p));
  expect(found).toHaveLength(1);
  return found[0]![0];
}

/** Statements of the policies attached to the role with this logical id. */
function statementsOf(roleId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, p]) => (p.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
const fnRole = (name: 'Webhook' | 'Sweeper'): string => logicalId('AWS::IAM::Role', (p) => String(p.Description).startsWith(`Nudge ${name.toLowerCase()}`));
const fnId = (name: 'Webhook' | 'Sweeper'): string => logicalId('AWS::Lambda::Function', (p) => String(p.Description).startsWith(`Nudge ${name.toLowerCase()}`));

describe('deploy options', () => {
  it('reserves sweeper concurrency only when asked (-c sweeperReservedConcurrency=1)', () => {
    const opted = synthNudge({ sweeperReservedConcurrency: 1 });
    try {
      const fns = Object.values(opted.template.toJSON().Resources as Record<string, { Type: string; Properties: Json }>).filter((r) => r.Type === 'AWS::Lambda::Function');
      const sweeper = fns.find((r) => String(r.Properties.Description).startsWith('Nudge sweeper'))!;
      expect(sweeper.Properties.ReservedConcurrentExecutions).toBe(1);
    } finally {
      opted.dispose();
    }
  }, 120_000);

  it('refuses to synthesise a stack nobody may talk to, naming the -c to add', () => {
    expect(() => synthNudge({ allowedUserIds: [], openAccess: false })).toThrow(/-c allowedUserIds=<your Telegram user id>.*-c openAccess=true/);
  });
});

describe('the Nudge stack template', () => {
  it('has exactly the resources Nudge needs', () => {
    const t = synth.template;
    t.resourceCountIs('AWS::DynamoDB::Table', 1);
    t.resourceCountIs('AWS::Lambda::Function', 2);
    t.resourceCountIs('AWS::BedrockAgentCore::Runtime', 1);
    t.resourceCountIs('AWS::Events::Rule', 1);
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    t.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    t.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    // What the cost model prices as fixed monitoring (CloudWatch bills each alarm and dashboard monthly).
    t.resourceCountIs('AWS::CloudWatch::Dashboard', MONITORING_FOOTPRINT.dashboards);
    t.resourceCountIs('AWS::CloudWatch::Alarm', MONITORING_FOOTPRINT.alarms);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.resourceCountIs('AWS::SNS::Subscription', 1);
    t.resourceCountIs('AWS::SSM::Parameter', 0); // SecureStrings are created outside CloudFormation
    t.resourceCountIs('AWS::ECR::Repository', 0); // code asset, no container image
  });

  it('builds the table from schema/: keys, due index with its INCLUDE projection, TTL, on-demand, PITR, retained', () => {
    const expected = createTableInput('ignored');
    const [id, props] = ofType('AWS::DynamoDB::Table')[0]!;
    expect(props.KeySchema).toEqual(expected.KeySchema);
    expect(props.AttributeDefinitions).toEqual(expect.arrayContaining(expected.AttributeDefinitions));
    expect((props.AttributeDefinitions as unknown[]).length).toBe(expected.AttributeDefinitions.length);
    expect(props.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: TABLE.ttlAttribute, Enabled: true });
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    const raw = synth.template.toJSON().Resources[id];
    expect(raw.DeletionPolicy).toBe('Retain');
    expect(raw.UpdateReplacePolicy).toBe('Retain');
  });

  it('runs both Lambdas on Node.js 22 / arm64 with JSON logs, retention, X-Ray and sized timeouts', () => {
    for (const name of ['Webhook', 'Sweeper'] as const) {
      const props = resources[fnId(name)]!.Properties;
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      const logging = props.LoggingConfig as Json;
      expect(logging.LogFormat).toBe('JSON');
      const group = resources[(logging.LogGroup as { Ref: string }).Ref]!;
      expect(group.Type).toBe('AWS::Logs::LogGroup');
      expect(group.Properties.RetentionInDays).toBe(30);
      expect(props.Handler).toBe('index.handler');
    }
    const webhook = resources[fnId('Webhook')]!.Properties;
    const sweeper = resources[fnId('Sweeper')]!.Properties;
    // A cold agent session fits in the relay's wait, which fits in the webhook's, under API Gateway's 29 s.
    const relayMs = Number((webhook.Environment as { Variables: Json }).Variables.NUDGE_AGENT_TIMEOUT_MS);
    expect(relayMs).toBe(20_000);
    expect(webhook.Timeout).toBe(26);
    expect(relayMs / 1000).toBeLessThan(Number(webhook.Timeout) - 3);
    expect(Number(webhook.Timeout)).toBeLessThan(29);
    expect(sweeper.Timeout).toBe(120);
    // No reservation by default: a new account's quota of 10 would make the stack roll back.
    expect(sweeper.ReservedConcurrentExecutions).toBeUndefined();
    expect(webhook.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('bundles the Lambdas as minified ESM with source maps and a require shim', () => {
    const assets = readdirSync(synth.outdir).filter((name) => name.startsWith('asset.'));
    const lambdaBundles = assets.filter((name) => readdirSync(join(synth.outdir, name)).includes('index.mjs'));
    expect(lambdaBundles).toHaveLength(2);
    for (const dir of lambdaBundles) {
      const code = readFileSync(join(synth.outdir, dir, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire as __nudgeCreateRequire } from 'node:module'")).toBe(true);
      expect(code).toMatch(/export\s*\{/);
      expect(readdirSync(join(synth.outdir, dir))).toContain('index.mjs.map');
    }
  });

  it('passes every setting the runtimes read as environment variables', () => {
    const tableRef = { Ref: logicalId('AWS::DynamoDB::Table') };
    const runtimeArn = { 'Fn::GetAtt': [logicalId('AWS::BedrockAgentCore::Runtime'), 'AgentRuntimeArn'] };
    const common = {
      NUDGE_TABLE_NAME: tableRef,
      NUDGE_BOT_TOKEN_PARAM: '/nudge/telegram/bot-token',
      NUDGE_AGENT_RUNTIME_ARN: runtimeArn,
      NUDGE_ALLOWED_USER_IDS: '111,222',
      NUDGE_OPEN_ACCESS: 'false',
      NUDGE_DUE_SHARDS: '16',
      NUDGE_AGENT_TIMEOUT_MS: '20000',
      POWERTOOLS_METRICS_NAMESPACE: 'Nudge',
      NODE_OPTIONS: '--enable-source-maps',
    };
    const env = (name: 'Webhook' | 'Sweeper'): Json => ((resources[fnId(name)]!.Properties.Environment as Json).Variables as Json);
    expect(env('Webhook')).toEqual({ ...common, NUDGE_WEBHOOK_SECRET_PARAM: '/nudge/telegram/webhook-secret', POWERTOOLS_SERVICE_NAME: 'nudge-webhook' });
    expect(env('Sweeper')).toEqual({ ...common, POWERTOOLS_SERVICE_NAME: 'sweeper' });
    // Both Lambdas reach the agent through one key (NUDGE_AGENT_QUALIFIER): set for both or for neither.
    expect(env('Sweeper').NUDGE_AGENT_QUALIFIER).toEqual(env('Webhook').NUDGE_AGENT_QUALIFIER);
    expect(JSON.stringify(synth.template.toJSON())).not.toContain('NUDGE_AGENT_RUNTIME_QUALIFIER');
  });

  it('ticks the sweeper every minute and drops stale ticks instead of retrying them', () => {
    const [, rule] = ofType('AWS::Events::Rule')[0]!;
    expect(rule.ScheduleExpression).toBe('rate(1 minute)');
    const targets = rule.Targets as Array<Json>;
    expect(targets).toHaveLength(1);
    expect(targets[0]!.Arn).toEqual({ 'Fn::GetAtt': [fnId('Sweeper'), 'Arn'] });
    expect(targets[0]!.RetryPolicy).toEqual({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId('Sweeper') },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
  });

  it('routes only POST /telegram/webhook to the webhook Lambda, on a throttled, logged stage', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /telegram/webhook' });
    const [, stage] = ofType('AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.StageName).toBe('$default');
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(stage.AccessLogSettings).toBeDefined();
    const [, integration] = ofType('AWS::ApiGatewayV2::Integration')[0]!;
    expect(JSON.stringify(integration.IntegrationUri)).toContain(fnId('Webhook'));
  });

  it('runs the agent from a code asset on NODE_22 with an idle timeout and its config', () => {
    const [, runtime] = ofType('AWS::BedrockAgentCore::Runtime')[0]!;
    const code = ((runtime.AgentRuntimeArtifact as Json).CodeConfiguration as Json);
    expect(code.Runtime).toBe('NODE_22');
    expect(code.EntryPoint).toEqual(['main.js']);
    expect((code.Code as Json).S3).toBeDefined();
    expect(runtime.ProtocolConfiguration).toBe('HTTP');
    expect(runtime.LifecycleConfiguration).toEqual({ IdleRuntimeSessionTimeout: 900 });
    expect(runtime.EnvironmentVariables).toEqual({
      NUDGE_TABLE_NAME: { Ref: logicalId('AWS::DynamoDB::Table') },
      NUDGE_BOT_TOKEN_PARAM: '/nudge/telegram/bot-token',
      NUDGE_DUE_SHARDS: '16',
      NUDGE_MODEL_ID: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      PORT: '8080',
      NODE_OPTIONS: '--enable-source-maps',
    });
    // The staged asset is the esbuild bundle: one ESM main.js (all deps inside), its map, package.json.
    const prefix = String((((code.Code as Json).S3 as Json).Prefix));
    const staged = join(synth.outdir, `asset.${prefix.replace(/\.zip$/, '')}`);
    expect(readdirSync(staged).sort()).toEqual(['main.js', 'main.js.map', 'package.json']);
    expect(JSON.parse(readFileSync(join(staged, 'package.json'), 'utf8')).type).toBe('module');
    const map = JSON.parse(readFileSync(join(staged, 'main.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toContain('test/infra/fixtures/agent.ts');
  });

  it('lets the agent call only the configured model, and read only its table and token', () => {
    const roleId = logicalId('AWS::IAM::Role', (p) => JSON.stringify(p.AssumeRolePolicyDocument).includes('bedrock-agentcore.amazonaws.com'));
    const statements = statementsOf(roleId);
    const bedrock = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('bedrock:')));
    expect(bedrock).toHaveLength(1);
    expect(actionsOf(bedrock[0]!).sort()).toEqual(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']);
    const arns = JSON.stringify(resourcesOf(bedrock[0]!));
    expect(arns).toContain(':inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(arns).toContain(':bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(resourcesOf(bedrock[0]!)).toHaveLength(2);
    const ssm = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ssm:')));
    expect(ssm.flatMap(actionsOf)).toEqual(['ssm:GetParameter']);
    expect(JSON.stringify(ssm.flatMap(resourcesOf))).toContain(':parameter/nudge/telegram/bot-token');
    expect(JSON.stringify(ssm.flatMap(resourcesOf))).not.toContain('webhook-secret');
    // AgentCore fetches the code with the deploying role's credentials: the runtime reads no asset bucket.
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(JSON.stringify(statements)).not.toContain('cdk-hnb659fds-assets');
    // Marketplace subscription happens once per account, from the deployer's preflight call, not from this role.
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('aws-marketplace:'))).toEqual([]);
  });

  it('scopes the Lambdas\' grants to exact ARNs: table + due index, named parameters, this runtime', () => {
    const tableArn = { 'Fn::GetAtt': [logicalId('AWS::DynamoDB::Table'), 'Arn'] };
    const runtimeArn = { 'Fn::GetAtt': [logicalId('AWS::BedrockAgentCore::Runtime'), 'AgentRuntimeArn'] };
    for (const name of ['Webhook', 'Sweeper'] as const) {
      const statements = statementsOf(fnRole(name));
      const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo).toHaveLength(1);
      if (name === 'Webhook') {
        // Dedupe markers only: no index, no batch writes, no deletes.
        expect(actionsOf(dynamo[0]!).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
        expect(resourcesOf(dynamo[0]!)).toEqual([tableArn]);
      } else {
        expect(resourcesOf(dynamo[0]!)).toEqual([tableArn, { 'Fn::Join': ['', [tableArn, `/index/${TABLE.dueIndex.name}`]] }, { 'Fn::Join': ['', [tableArn, `/index/${TABLE.listIndex.name}`]] }]);
      }
      expect(actionsOf(dynamo[0]!)).not.toContain('dynamodb:Scan');
      expect(actionsOf(dynamo[0]!).every((a) => !a.includes('*'))).toBe(true);

      const invoke = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('bedrock-agentcore:')));
      expect(invoke.flatMap(actionsOf)).toEqual(['bedrock-agentcore:InvokeAgentRuntime']);
      expect(resourcesOf(invoke[0]!)).toEqual([runtimeArn, { 'Fn::Join': ['', [runtimeArn, '/*']] }]);

      const ssm = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ssm:')));
      const paramArns = JSON.stringify(ssm.flatMap(resourcesOf));
      expect(paramArns).toContain(':parameter/nudge/telegram/bot-token');
      expect(paramArns.includes('webhook-secret')).toBe(name === 'Webhook');

      // Only X-Ray (no resource-level permissions) may use Resource "*".
      const star = statements.filter((s) => resourcesOf(s).includes('*'));
      expect(star.flatMap(actionsOf).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      // No managed policies (e.g. AWSLambdaBasicExecutionRole, which may write to every log group).
      expect(resources[fnRole(name)]!.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('alarms on sweeper errors and stalls, delivery lag, failed deliveries and webhook 5xx, and notifies the topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, p]) => p);
    const byMetric = (namespace: string, metric: string): Json | undefined => alarms.find((a) => a.Namespace === namespace && a.MetricName === metric);
    const sweeperDim = { Name: 'FunctionName', Value: { Ref: fnId('Sweeper') } };
    expect(alarms.filter((a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions) === JSON.stringify([sweeperDim]))).toHaveLength(1);
    expect(alarms.filter((a) => a.MetricName === 'Invocations' && a.TreatMissingData === 'breaching')).toHaveLength(1);
    const lag = byMetric(SWEEPER_METRICS.namespace, SWEEPER_METRICS.lagMax);
    expect(lag).toMatchObject({ Statistic: 'Maximum', Threshold: 60_000, ComparisonOperator: 'GreaterThanThreshold', Dimensions: [{ Name: 'service', Value: 'sweeper' }] });
    // The names core/sweeper emits (handlers/sweeper.ts: namespace Nudge, serviceName sweeper).
    expect([SWEEPER_METRICS.lagMax, SWEEPER_METRICS.failed]).toEqual(['LagMax', 'Failed']);
    expect(byMetric(SWEEPER_METRICS.namespace, SWEEPER_METRICS.failed)).toMatchObject({ Statistic: 'Sum', Threshold: 1 });
    expect(byMetric('AWS/ApiGateway', '5xx')).toBeDefined();
    const topic = { Ref: logicalId('AWS::SNS::Topic') };
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([topic]);
    synth.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    synth.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardBody: Match.anyValue() });
  });

  it('outputs the webhook URL, table name and runtime ARN', () => {
    const outputs = synth.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(['AgentRuntimeArn', 'TableName', 'WebhookUrl']);
    expect(JSON.stringify(outputs.WebhookUrl!.Value)).toContain('/telegram/webhook');
    expect(outputs.TableName!.Value).toEqual({ Ref: logicalId('AWS::DynamoDB::Table') });
  });

  it('does not warn about users when allowedUserIds is set', () => {
    expect(synth.stack.node.metadata.filter((m) => m.type === 'aws:cdk:warning')).toEqual([]);
  });

  it('keeps the agent code asset in the template while granting nobody read on it', () => {
    const runtime = resources[logicalId('AWS::BedrockAgentCore::Runtime')]!.Properties;
    const code = (runtime.AgentRuntimeArtifact as { CodeConfiguration: { Code: { S3: Json }; Runtime: string; EntryPoint: string[] } }).CodeConfiguration;
    expect(code.Runtime).toBe('NODE_22');
    expect(JSON.stringify(code.Code.S3.Bucket)).toContain('cdk-hnb659fds-assets');
    expect(String(code.Code.S3.Prefix)).toMatch(/^[0-9a-f]{64}\.zip$/);
  });

  it('passes cdk-nag AwsSolutions with every finding acknowledged with a reason', () => {
    expect(synth.nag.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`)).toEqual([]);
    const acknowledged = synth.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.values(m.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(5);
    for (const reason of acknowledged) expect(String(reason).length).toBeGreaterThan(40);
  });
});
