import { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { ContextError, readNudgeConfig, readParameterNames, type ContextReader, type NudgeConfig } from '../../../infra/config.ts';
import { defaultModelFor } from '../../../infra/model-region.ts';
import { checkAgentCoreRuntime, checkBootstrap, checkCredentials, checkLambdaConcurrency, checkParameters } from './checks.ts';
import { checkModelAccess } from './model-access.ts';
import { fail, pass, type CheckResult } from './types.ts';

export interface PreflightClients {
  sts: STSClient;
  cloudformation: CloudFormationClient;
  lambda: LambdaClient;
  ssm: SSMClient;
  bedrock: BedrockRuntimeClient;
  agentcore: BedrockAgentCoreControlClient;
}

/** Clients for the deploy region; endpoints follow `AWS_ENDPOINT_URL_<SERVICE>` like every SDK client. */
export function defaultClients(region: string): PreflightClients {
  return {
    sts: new STSClient({ region }),
    cloudformation: new CloudFormationClient({ region }),
    lambda: new LambdaClient({ region }),
    ssm: new SSMClient({ region }),
    bedrock: new BedrockRuntimeClient({ region }),
    agentcore: new BedrockAgentCoreControlClient({ region }),
  };
}

export interface PreflightInput {
  /** The deploy region (AWS_REGION or the profile's); undefined when none is set. */
  region: string | undefined;
  /** cdk.json context overlaid with the `-c key=value` arguments. */
  context: ContextReader;
  clients?: (region: string) => PreflightClients;
}

/**
 * Everything that would make a first deploy fail or its first day break, checked before `cdk deploy`:
 * settings (users, region → model), credentials, CDK bootstrap, Lambda concurrency, the model's
 * answer (and Marketplace / use-case steps), AgentCore in the region, and the SSM SecureStrings.
 */
export async function runPreflight(input: PreflightInput): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const settings = readSettings(input.context, input.region);
  results.push(...settings.results);
  if (!input.region) {
    results.push(fail('AWS region', 'none set', 'set AWS_REGION (e.g. AWS_REGION=eu-west-1) or a region in your AWS profile'));
    return results;
  }
  const clients = (input.clients ?? defaultClients)(input.region);
  const credentials = await checkCredentials(clients.sts, input.region);
  results.push(credentials.result);
  if (!credentials.account) return results; // every other check would fail the same way

  const names = readParameterNames(input.context);
  const modelId = settings.config?.modelId ?? settings.modelId;
  results.push(
    ...(await Promise.all([
      checkBootstrap(clients.cloudformation, credentials.account, input.region, bootstrapStackName(input.context)),
      checkLambdaConcurrency(clients.lambda, settings.config?.sweeperReservedConcurrency ?? undefined),
      modelId ? checkModelAccess(clients.bedrock, modelId, input.region) : Promise.resolve(fail('Model access', 'no model to try', 'fix the settings line above')),
      checkAgentCoreRuntime(clients.agentcore, input.region),
      checkParameters(clients.ssm, { botToken: names.botTokenParameter, webhookSecret: names.webhookSecretParameter }),
    ])),
  );
  return results;
}

function readSettings(context: ContextReader, region: string | undefined): { results: CheckResult[]; config?: NudgeConfig; modelId?: string } {
  try {
    const config = readNudgeConfig(context, region);
    const who = config.openAccess ? 'everyone (openAccess)' : `Telegram users ${config.allowedUserIds.join(', ')}`;
    return { results: [pass('Users', who), pass('Model', `${config.modelId}${context('modelId') ? '' : ` (default for ${region})`}`)], config };
  } catch (error) {
    if (!(error instanceof ContextError)) throw error;
    const modelId = modelFallback(context, region);
    if (error.key === 'allowedUserIds') {
      return {
        results: [fail('Users', 'no Telegram users may talk to the bot, so every update would fail', 'deploy with -c allowedUserIds=<your Telegram user id> (comma-separated), or -c openAccess=true to answer everyone')],
        ...(modelId ? { modelId } : {}),
      };
    }
    return { results: [fail('Deploy settings', error.message, `correct ${error.key} (-c ${error.key}=… or cdk.json)`)], ...(modelId ? { modelId } : {}) };
  }
}

function modelFallback(context: ContextReader, region: string | undefined): string | undefined {
  const explicit = context('modelId');
  if (typeof explicit === 'string' && explicit) return explicit;
  try {
    return defaultModelFor(typeof context('region') === 'string' ? String(context('region')) : region);
  } catch {
    return undefined;
  }
}

function bootstrapStackName(context: ContextReader): string {
  // The CLI's --toolkit-stack-name is not visible here; a custom qualifier still uses the default stack name.
  const name = context('toolkitStackName');
  return typeof name === 'string' && name ? name : 'CDKToolkit';
}
