/** The stack's name, also the key under which `cdk deploy --outputs-file` writes its outputs. */
export const STACK_NAME = 'Nudge';

/** Names of the stack outputs that `scripts/` read from `cdk-outputs.json`. */
export const OUTPUTS = {
  webhookUrl: 'WebhookUrl',
  tableName: 'TableName',
  agentRuntimeArn: 'AgentRuntimeArn',
} as const;
