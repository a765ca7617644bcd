import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { readAgentToolsConfig, type AgentToolsConfig } from '../../infra/agent-tools.ts';
import { DEFAULT_CONFIG } from '../../infra/config.ts';
import { NudgeStack } from '../../infra/nudge-stack.ts';
import { FIXTURE_ENTRIES, TEMP_PREFIX } from '../infra/synth-nudge.ts';

// The tools' infra: SES permission scoped to the identity, region and sender; the search gateway or
// the API-key parameter; the agent's settings; and a stack without them unchanged.

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function synth(tools: AgentToolsConfig | undefined): Template {
  const outdir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const stack = new NudgeStack(app, 'Nudge', { config: { ...DEFAULT_CONFIG, allowedUserIds: [1] }, entries: FIXTURE_ENTRIES, ...(tools ? { tools } : {}) });
  // cdk-nag attached as infra/app.ts does: an unjustified finding fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return Template.fromJSON(app.synth().getStackArtifact(stack.artifactId).template);
}

const context = (values: Record<string, string>) => (key: string) => values[key];

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
function agentStatements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
}
function agentEnvironment(template: Template): Record<string, unknown> {
  const [runtime] = Object.values(template.findResources('AWS::BedrockAgentCore::Runtime')) as Array<{ Properties: { EnvironmentVariables: Record<string, unknown> } }>;
  return runtime!.Properties.EnvironmentVariables;
}

describe('agent tools infra', () => {
  it('e-mail: ses:SendEmail only on the identity in its region, only from the configured sender; search by API key in SSM', () => {
    // Prepare
    const tools = readAgentToolsConfig(context({ emailFrom: 'Bot@Mail.Example.com', emailRegion: 'eu-west-1', searchProvider: 'brave' }));

    // Act
    const template = synth(tools);

    // Assess
    const statements = agentStatements(template);
    const ses = statements.find((s) => s.Sid === 'SendEmailAsConfiguredIdentity');
    expect(ses?.Action).toBe('ses:SendEmail');
    expect(JSON.stringify(ses?.Resource)).toContain(':ses:eu-west-1:');
    expect(JSON.stringify(ses?.Resource)).toContain(':identity/mail.example.com');
    expect(ses?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'bot@mail.example.com' } });
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('ses:')).length).toBe(1);
    const ssm = statements.filter((s) => s.Action === 'ssm:GetParameter').map((s) => JSON.stringify(s.Resource));
    expect(ssm.some((r) => r.includes('parameter/nudge/search/api-key'))).toBe(true);
    expect(agentEnvironment(template)).toMatchObject({
      NUDGE_EMAIL_FROM: 'bot@mail.example.com',
      NUDGE_EMAIL_REGION: 'eu-west-1',
      NUDGE_EMAIL_DAILY_LIMIT: '20',
      NUDGE_SEARCH_PROVIDER: 'brave',
      NUDGE_SEARCH_API_KEY_PARAM: '/nudge/search/api-key',
    });
  });

  it('AgentCore web search: InvokeGateway on exactly the configured gateway', () => {
    // Prepare
    const arn = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/search-gw-abc123';
    const tools = readAgentToolsConfig(context({ searchProvider: 'agentcore', searchGatewayArn: arn }));

    // Act
    const template = synth(tools);

    // Assess
    const gateway = agentStatements(template).find((s) => s.Sid === 'InvokeWebSearchGateway');
    expect(gateway).toMatchObject({ Action: 'bedrock-agentcore:InvokeGateway', Resource: arn });
    expect(agentEnvironment(template)).toMatchObject({ NUDGE_SEARCH_PROVIDER: 'agentcore', NUDGE_SEARCH_GATEWAY_ARN: arn });
    expect(agentStatements(template).some((s) => JSON.stringify(s.Action).includes('ses:'))).toBe(false);
  });

  it('without tools the stack synthesises with neither permission nor setting', () => {
    const template = synth(readAgentToolsConfig(context({})));
    const statements = agentStatements(template);
    expect(statements.some((s) => JSON.stringify(s.Action).includes('ses:') || JSON.stringify(s.Action).includes('InvokeGateway'))).toBe(false);
    expect(Object.keys(agentEnvironment(template)).filter((k) => /EMAIL|SEARCH/.test(k))).toEqual([]);
  });

  it.each([
    [{ emailFrom: 'not-an-address' }, 'emailFrom'],
    [{ emailFrom: 'a@b.example', emailRegion: 'moon-1' }, 'emailRegion'],
    [{ searchProvider: 'google' }, 'searchProvider'],
    [{ searchProvider: 'agentcore' }, 'searchGatewayArn'],
    [{ searchProvider: 'agentcore', searchGatewayArn: 'arn:aws:s3:::bucket' }, 'searchGatewayArn'],
  ])('bad context %o is refused naming %s', (values, key) => {
    expect(() => readAgentToolsConfig(context(values))).toThrow(expect.objectContaining({ name: 'ContextError', key }));
  });
});
