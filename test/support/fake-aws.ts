import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeSsm, type FakeParameter, type FakeSsm } from './fake-ssm.ts';

/**
 * Local stand-ins for the AWS control APIs the preflight calls, each speaking its service's wire
 * protocol so the real SDK clients run unchanged: STS GetCallerIdentity and CloudFormation
 * DescribeStacks (awsQuery: form-encoded POST, XML answers), Lambda GetAccountSettings and AgentCore
 * ListAgentRuntimes (restJson1). SSM is {@link startFakeSsm}; Bedrock Converse is fake-bedrock.ts.
 */
export interface FakeAwsState {
  account: string;
  /** STS answers this error code instead of an identity (e.g. 'InvalidClientTokenId'). */
  stsError?: string;
  /** CloudFormation stacks by name with their status and outputs. */
  stacks: Map<string, { status: string; outputs?: Record<string, string> }>;
  lambda: { total: number; unreserved: number };
  /** AgentCore control plane answers this error type instead of a list. */
  agentCoreError?: { status: number; type: string };
}

export interface FakeAws {
  /** One endpoint for STS, CloudFormation, Lambda and the AgentCore control plane. */
  endpoint: string;
  ssm: FakeSsm;
  state: FakeAwsState;
  calls: string[];
  stop(): Promise<void>;
}

export async function startFakeAws(parameters: Record<string, FakeParameter> = {}): Promise<FakeAws> {
  const state: FakeAwsState = {
    account: '123456789012',
    stacks: new Map([['CDKToolkit', { status: 'CREATE_COMPLETE', outputs: { BootstrapVersion: '30' } }]]),
    lambda: { total: 1000, unreserved: 1000 },
  };
  const calls: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const xml = (status: number, text: string) => res.writeHead(status, { 'content-type': 'text/xml' }).end(text);
      const json = (status: number, payload: unknown, errorType?: string) =>
        res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) }).end(JSON.stringify(payload));
      const form = new URLSearchParams(body);
      const action = form.get('Action');
      if (req.method === 'POST' && action === 'GetCallerIdentity') {
        calls.push('sts:GetCallerIdentity');
        if (state.stsError) return xml(403, queryError(state.stsError, 'The security token included in the request is invalid.'));
        return xml(200, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${state.account}:user/deployer</Arn><UserId>AIDAEXAMPLE</UserId><Account>${state.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
      }
      if (req.method === 'POST' && action === 'DescribeStacks') {
        calls.push('cloudformation:DescribeStacks');
        const name = form.get('StackName') ?? '';
        const stack = state.stacks.get(name);
        if (!stack) return xml(400, queryError('ValidationError', `Stack with id ${name} does not exist`));
        const outputs = Object.entries(stack.outputs ?? {}).map(([k, v]) => `<member><OutputKey>${k}</OutputKey><OutputValue>${v}</OutputValue></member>`).join('');
        return xml(200, `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${name}</StackName><StackId>arn:aws:cloudformation:x:${state.account}:stack/${name}/1</StackId><CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>${stack.status}</StackStatus><Outputs>${outputs}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`);
      }
      if (req.method === 'GET' && req.url?.startsWith('/2016-08-19/account-settings')) {
        calls.push('lambda:GetAccountSettings');
        return json(200, { AccountLimit: { ConcurrentExecutions: state.lambda.total, UnreservedConcurrentExecutions: state.lambda.unreserved, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, TotalCodeSize: 80530636800 }, AccountUsage: { FunctionCount: 0, TotalCodeSize: 0 } });
      }
      if (req.method === 'POST' && req.url?.startsWith('/runtimes')) {
        calls.push('bedrock-agentcore:ListAgentRuntimes');
        if (state.agentCoreError) return json(state.agentCoreError.status, { message: 'fake AgentCore refusal' }, state.agentCoreError.type);
        return json(200, { agentRuntimes: [] });
      }
      json(404, { message: `fake AWS does not speak ${req.method} ${req.url} ${action ?? ''}` }, 'UnknownOperationException');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ssm = await startFakeSsm(parameters);
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ssm,
    state,
    calls,
    stop: async () => {
      server.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), ssm.stop()]);
    },
  };
}

function queryError(code: string, message: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`;
}
