import { ConverseCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { errorFacts, fail, pass, type CheckResult } from './types.ts';

const NAME = 'Model access';

/**
 * A 1-token Converse call on the model the agent will use, made with the deployer's credentials.
 * It doubles as the account's first call: for a third-party model Bedrock subscribes the account
 * through AWS Marketplace on that call (which the agent's least-privilege role could not do), and
 * Anthropic models need the one-time use-case form first. Each refusal is turned into its fix.
 */
export async function checkModelAccess(bedrock: BedrockRuntimeClient, modelId: string, region: string): Promise<CheckResult> {
  try {
    await bedrock.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'ping' }] }], inferenceConfig: { maxTokens: 1 } }));
    return pass(NAME, `${modelId} answers in ${region}`);
  } catch (error) {
    return explainModelError(error, modelId, region);
  }
}

export function explainModelError(error: unknown, modelId: string, region: string): CheckResult {
  const { name, message } = errorFacts(error);
  if (name === 'AccessDeniedException' && /marketplace/i.test(message)) {
    return fail(NAME, `${modelId} is not subscribed in this account and your credentials may not subscribe (${name})`, 'run preflight once with credentials allowed aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (an admin); the first call subscribes the account, then wait ~2 minutes and run it again');
  }
  if (/use case|use-case|model access|not have access|Model access is denied/i.test(message)) {
    return fail(NAME, `${modelId} needs Anthropic's one-time use-case form in this account (${name})`, `open the Bedrock console in ${region} → Model catalog → the Claude model → submit the use-case details, then run preflight again`);
  }
  if (name === 'AccessDeniedException') {
    return fail(NAME, `your credentials may not call ${modelId} (${name})`, 'run preflight with credentials allowed bedrock:InvokeModel on the model (the deploy role needs no model access; the agent role gets exactly this model)');
  }
  if (name === 'ValidationException' || name === 'ResourceNotFoundException') {
    return fail(NAME, `${modelId} is not available in ${region} (${name}: ${message.slice(0, 120)})`, `deploy with -c modelId=<a model or inference-profile id offered in ${region}> or choose another region`);
  }
  if (name === 'ThrottlingException' || name === 'ServiceQuotaExceededException') {
    return fail(NAME, `${modelId} refused the call for quota (${name})`, 'request a higher Bedrock on-demand quota for this model in Service Quotas, or try again in a minute');
  }
  return fail(NAME, `the model call failed (${name}: ${message.slice(0, 120)})`, 'check the Bedrock service health for the region and run preflight again');
}
