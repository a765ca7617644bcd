import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEPER_MEMORY_MB, SWEEPER_TIMEOUT_SECONDS } from '../../infra/function-sizes.ts';
import { synthNudge, type SynthResult } from './synth-nudge.ts';

type Json = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown };

let synth: SynthResult;
let resources: Record<string, { Type: string; Properties: Json }>;

beforeAll(() => {
  process.env.CDK_DOCKER = '/nonexistent/docker';
  synth = synthNudge({ alarmEmail: 'ops@example.com', allowedUserIds: [111] });
  resources = synth.template.toJSON().Resources as typeof resources;
});

afterAll(() => {
  synth?.dispose();
  delete process.env.CDK_DOCKER;
});

function sweeper(): [string, Json] {
  const found = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).startsWith('Nudge sweeper'));
  expect(found).toHaveLength(1);
  return [found[0]![0], found[0]![1].Properties];
}

describe('the sweeper as the cost model prices it', () => {
  it('has the memory the cost model reads (256 MB, sized by the sweeper-size bench: waiting is billed by memory × wall time)', () => {
    // Prepare / Act
    const [, props] = sweeper();

    // Assess
    expect(SWEEPER_MEMORY_MB).toBe(256);
    expect(props.MemorySize).toBe(SWEEPER_MEMORY_MB);
    expect(props.Timeout).toBe(SWEEPER_TIMEOUT_SECONDS);
  });

  it('may only read, query and write single items of the table: no batch, scan or transaction actions', () => {
    // Prepare
    const [, props] = sweeper();
    const roleId = (props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

    // Act
    const dynamo = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).filter((a) => a.startsWith('dynamodb:'));

    // Assess
    expect(new Set(dynamo)).toEqual(new Set(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
  });
});
