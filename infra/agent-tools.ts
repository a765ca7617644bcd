import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ContextError, type ContextReader } from './config.ts';
import { grantParameterRead } from './parameters.ts';

/**
 * Deploy settings of the agent's optional tools (issue #19). Without any of them the stack is as
 * before: the tools are simply off.
 */
export interface AgentToolsConfig {
  /** Sender address; turns e-mail on. Must belong to a verified SES identity. */
  emailFrom?: string;
  /** The SES identity the sender belongs to (a domain or the address); default: the sender's domain. */
  emailIdentity?: string;
  /** SES region; default: the stack's region. */
  emailRegion?: string;
  /** While the SES account is in the sandbox, SES also authorises each recipient's identity: list them here. */
  emailSandboxRecipients: string[];
  emailDailyLimit: number;
  searchProvider?: 'agentcore' | 'brave';
  /** AgentCore Gateway with a web search connector target (provider `agentcore`). */
  searchGatewayArn?: string;
  /** SSM SecureString holding the provider's API key (provider `brave`). */
  searchApiKeyParameter: string;
}

export const DEFAULT_SEARCH_API_KEY_PARAMETER = '/nudge/search/api-key';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const GATEWAY_ARN = /^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\d{12}:gateway\/[A-Za-z0-9-]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Reads `emailFrom`, `emailIdentity`, `emailRegion`, `emailSandboxRecipients`, `emailDailyLimit`, `searchProvider`, `searchGatewayArn`, `searchApiKeyParameter`. */
export function readAgentToolsConfig(read: ContextReader): AgentToolsConfig {
  const str = (key: string): string | undefined => {
    const raw = read(key);
    if (raw === undefined || raw === null || raw === '') return undefined;
    if (typeof raw !== 'string') throw new ContextError(key, `${key} must be a string, got ${JSON.stringify(raw)}`);
    return raw.trim() || undefined;
  };
  const config: AgentToolsConfig = {
    emailSandboxRecipients: (str('emailSandboxRecipients') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    emailDailyLimit: 20,
    searchApiKeyParameter: str('searchApiKeyParameter') ?? DEFAULT_SEARCH_API_KEY_PARAMETER,
  };
  const emailFrom = str('emailFrom');
  if (emailFrom !== undefined) {
    if (!EMAIL.test(emailFrom)) throw new ContextError('emailFrom', `emailFrom must be an e-mail address, got "${emailFrom}"`);
    config.emailFrom = emailFrom.toLowerCase();
    const identity = str('emailIdentity') ?? emailFrom.split('@')[1]!;
    if (!EMAIL.test(identity) && !DOMAIN.test(identity)) throw new ContextError('emailIdentity', `emailIdentity must be a domain or an e-mail address, got "${identity}"`);
    config.emailIdentity = identity.toLowerCase();
    const region = str('emailRegion');
    if (region !== undefined && !REGION.test(region)) throw new ContextError('emailRegion', `emailRegion must be an AWS region such as eu-west-1, got "${region}"`);
    if (region) config.emailRegion = region;
    const limit = str('emailDailyLimit');
    if (limit !== undefined) {
      const value = Number(limit);
      if (!Number.isInteger(value) || value < 1 || value > 1000) throw new ContextError('emailDailyLimit', `emailDailyLimit must be a whole number from 1 to 1000, got "${limit}"`);
      config.emailDailyLimit = value;
    }
    for (const recipient of config.emailSandboxRecipients) {
      if (!EMAIL.test(recipient) && !DOMAIN.test(recipient)) throw new ContextError('emailSandboxRecipients', `emailSandboxRecipients must be comma-separated addresses or domains, got "${recipient}"`);
    }
  }
  const provider = str('searchProvider');
  if (provider !== undefined) {
    if (provider !== 'agentcore' && provider !== 'brave') throw new ContextError('searchProvider', `searchProvider must be agentcore or brave, got "${provider}"`);
    config.searchProvider = provider;
    if (provider === 'agentcore') {
      const arn = str('searchGatewayArn');
      if (!arn || !GATEWAY_ARN.test(arn)) {
        throw new ContextError('searchGatewayArn', `searchProvider=agentcore needs searchGatewayArn, the ARN of an AgentCore Gateway with a web search target (arn:aws:bedrock-agentcore:<region>:<account>:gateway/<id>), got ${arn ? `"${arn}"` : 'nothing'}`);
      }
      config.searchGatewayArn = arn;
    }
  }
  return config;
}

/** The agent's environment for the configured tools (see agent/tools/config.ts). */
export function agentToolsEnvironment(config: AgentToolsConfig): Record<string, string> {
  const env: Record<string, string> = {};
  if (config.emailFrom) {
    env.NUDGE_EMAIL_FROM = config.emailFrom;
    env.NUDGE_EMAIL_DAILY_LIMIT = String(config.emailDailyLimit);
    if (config.emailRegion) env.NUDGE_EMAIL_REGION = config.emailRegion;
  }
  if (config.searchProvider === 'agentcore' && config.searchGatewayArn) {
    env.NUDGE_SEARCH_PROVIDER = 'agentcore';
    env.NUDGE_SEARCH_GATEWAY_ARN = config.searchGatewayArn;
  } else if (config.searchProvider === 'brave') {
    env.NUDGE_SEARCH_PROVIDER = 'brave';
    env.NUDGE_SEARCH_API_KEY_PARAM = config.searchApiKeyParameter;
  }
  return env;
}

/**
 * Least privilege for the tools: `ses:SendEmail` on the configured identity (in its region) and only
 * from the configured address; `bedrock-agentcore:InvokeGateway` on the one gateway; `ssm:GetParameter`
 * on the one API-key parameter. Nothing is granted for a tool that is off.
 */
export function grantAgentTools(grantee: iam.IGrantable, scope: Construct, config: AgentToolsConfig, kmsKeyArn?: string): void {
  const stack = Stack.of(scope);
  if (config.emailFrom && config.emailIdentity) {
    const region = config.emailRegion ?? stack.region;
    const identityArn = (identity: string) => `arn:${stack.partition}:ses:${region}:${stack.account}:identity/${identity}`;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SendEmailAsConfiguredIdentity',
        actions: ['ses:SendEmail'],
        resources: [config.emailIdentity, ...config.emailSandboxRecipients].map(identityArn),
        conditions: { StringEquals: { 'ses:FromAddress': config.emailFrom } },
      }),
    );
  }
  if (config.searchProvider === 'agentcore' && config.searchGatewayArn) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'InvokeWebSearchGateway', actions: ['bedrock-agentcore:InvokeGateway'], resources: [config.searchGatewayArn] }),
    );
  }
  if (config.searchProvider === 'brave') grantParameterRead(grantee, scope, [config.searchApiKeyParameter], kmsKeyArn);
}
