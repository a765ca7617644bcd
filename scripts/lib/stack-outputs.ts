import { existsSync, readFileSync } from 'node:fs';
import { OUTPUTS, STACK_NAME } from '../../infra/outputs.ts';
import { ScriptError } from './errors.ts';

export interface StackOutputs {
  webhookUrl: string;
  tableName: string;
  agentRuntimeArn: string;
}

/**
 * Reads the outputs `npm run deploy` wrote (`cdk deploy --outputs-file`). Reading the file
 * instead of calling CloudFormation keeps the scripts free of another SDK client.
 * @throws ScriptError naming the file and the fix when it or an output is missing.
 */
export function readStackOutputs(file: string): StackOutputs {
  if (!existsSync(file)) {
    throw new ScriptError(`No stack outputs at ${file}. Deploy first with \`npm run deploy\` (it writes that file), or pass --outputs <file>.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ScriptError(`${file} is not valid JSON; delete it and run \`npm run deploy\` again.`, { cause: error });
  }
  const stack = (parsed as Record<string, Record<string, unknown> | undefined>)?.[STACK_NAME];
  if (!stack) throw new ScriptError(`${file} has no outputs for stack "${STACK_NAME}". Run \`npm run deploy\` again.`);
  const pick = (key: string): string => {
    const value = stack[key];
    if (typeof value !== 'string' || !value) throw new ScriptError(`${file} lacks the stack output "${key}". Run \`npm run deploy\` again.`);
    return value;
  };
  const webhookUrl = pick(OUTPUTS.webhookUrl);
  if (!/^https:\/\//.test(webhookUrl)) throw new ScriptError(`The ${OUTPUTS.webhookUrl} output "${webhookUrl}" is not an https URL; Telegram only calls https webhooks.`);
  return { webhookUrl, tableName: pick(OUTPUTS.tableName), agentRuntimeArn: pick(OUTPUTS.agentRuntimeArn) };
}
