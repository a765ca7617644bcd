import { ListAgentRuntimesCommand, type BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { errorFacts, fail, pass, type CheckResult } from './types.ts';

/** Lambda keeps at least this much concurrency unreserved; a reservation that would leave less fails. */
const MIN_UNRESERVED = 10;

export async function checkCredentials(sts: STSClient, region: string): Promise<{ result: CheckResult; account?: string }> {
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return { result: pass('AWS credentials', `account ${identity.Account} as ${identity.Arn} in ${region}`), ...(identity.Account ? { account: identity.Account } : {}) };
  } catch (error) {
    const { name, message } = errorFacts(error);
    if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
      return { result: fail('AWS credentials', 'none found', 'set AWS_PROFILE to a configured profile (aws configure sso / aws configure), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY') };
    }
    return { result: fail('AWS credentials', `AWS refused them (${name})`, 'refresh them (aws sso login, or new access keys) and run preflight again') };
  }
}

export async function checkBootstrap(cloudformation: CloudFormationClient, account: string, region: string, stackName = 'CDKToolkit'): Promise<CheckResult> {
  const fix = `run: npx cdk bootstrap aws://${account}/${region}`;
  try {
    const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks?.[0];
    const status = stack?.StackStatus ?? 'UNKNOWN';
    if (!/_COMPLETE$/.test(status) || /ROLLBACK|DELETE/.test(status)) return fail('CDK bootstrap', `the ${stackName} stack is ${status}`, fix);
    const version = stack?.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue;
    return pass('CDK bootstrap', `${stackName} ${status}${version ? `, bootstrap version ${version}` : ''}`);
  } catch (error) {
    const { name, message } = errorFacts(error);
    if (/does not exist/i.test(message)) return fail('CDK bootstrap', `${region} is not bootstrapped for CDK (no ${stackName} stack)`, fix);
    return fail('CDK bootstrap', `could not read the ${stackName} stack (${name})`, `allow cloudformation:DescribeStacks, or ${fix}`);
  }
}

export async function checkLambdaConcurrency(lambda: LambdaClient, reserved: number | undefined): Promise<CheckResult> {
  try {
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    const total = settings.AccountLimit?.ConcurrentExecutions ?? 0;
    const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? total;
    if (reserved && unreserved - reserved < MIN_UNRESERVED) {
      return fail(
        'Lambda concurrency',
        `-c sweeperReservedConcurrency=${reserved} would leave ${unreserved - reserved} unreserved (Lambda requires ${MIN_UNRESERVED}; account quota ${total}) and the stack would roll back`,
        'drop -c sweeperReservedConcurrency (the sender lease keeps one sweeper at a time), or request more "Concurrent executions" for Lambda in Service Quotas',
      );
    }
    return pass('Lambda concurrency', `quota ${total}, ${unreserved} unreserved${reserved ? `, ${reserved} to reserve for the sweeper` : ' (no reservation needed)'}`);
  } catch (error) {
    return fail('Lambda concurrency', `could not read the account settings (${errorFacts(error).name})`, 'allow lambda:GetAccountSettings for the deploying credentials');
  }
}

export async function checkAgentCoreRuntime(agentcore: BedrockAgentCoreControlClient, region: string): Promise<CheckResult> {
  try {
    await agentcore.send(new ListAgentRuntimesCommand({ maxResults: 1 }));
    return pass('AgentCore Runtime', `available in ${region} (the agent deploys as NODE_22 code, no container)`);
  } catch (error) {
    const { name, message, code } = errorFacts(error);
    if (code === 'ENOTFOUND' || /ENOTFOUND|getaddrinfo|UnknownEndpoint/i.test(`${name} ${message}`)) {
      return fail('AgentCore Runtime', `Bedrock AgentCore has no endpoint in ${region}`, 'deploy to a region where AgentCore Runtime offers direct code deployment (NODE_22), e.g. us-east-1, us-west-2, eu-central-1 or ap-southeast-2');
    }
    if (name === 'AccessDeniedException') return fail('AgentCore Runtime', `your credentials may not list AgentCore runtimes in ${region} (${name})`, 'allow bedrock-agentcore:ListAgentRuntimes (and the CreateAgentRuntime the deploy needs)');
    return fail('AgentCore Runtime', `the AgentCore control plane answered ${name} in ${region}`, 'check the AgentCore service health for the region and run preflight again');
  }
}

export async function checkParameters(ssm: SSMClient, names: { botToken: string; webhookSecret: string }): Promise<CheckResult> {
  try {
    const wanted = [names.botToken, names.webhookSecret];
    const { Parameters = [] } = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: wanted }] }));
    const missing = wanted.filter((name) => !Parameters.some((p) => p.Name === name));
    if (missing.length) return fail('SSM parameters', `${missing.join(' and ')} not found`, 'run: npm run token:store (it creates both as SecureStrings)');
    const plain = Parameters.filter((p) => p.Type !== 'SecureString').map((p) => `${p.Name} (${p.Type})`);
    if (plain.length) return fail('SSM parameters', `${plain.join(', ')} not a SecureString`, 'delete it and run: npm run token:store (it writes SecureStrings)');
    return pass('SSM parameters', `${wanted.join(', ')} are SecureStrings`);
  } catch (error) {
    return fail('SSM parameters', `could not list them (${errorFacts(error).name})`, 'allow ssm:DescribeParameters for the deploying credentials');
  }
}
