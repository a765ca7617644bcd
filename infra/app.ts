import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readNudgeConfig } from './config.ts';
import { readAgentToolsConfig } from './agent-tools.ts';
import { NudgeStack } from './nudge-stack.ts';
import { STACK_NAME } from './outputs.ts';
import type { RuntimeEntries } from './repo-paths.ts';

// Account and region come from the deploying credentials at deploy time (an environment-agnostic
// stack), so `cdk synth` needs no credentials at all.
const app = new App();
// The CLI sets CDK_DEFAULT_REGION from the deploying profile; the model's inference profile follows it.
const deployRegion = process.env.CDK_DEFAULT_REGION ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
const config = readNudgeConfig((key) => app.node.tryGetContext(key), deployRegion);
// Optional `-c webhookEntry=… -c sweeperEntry=… -c agentEntry=…` swap a runtime's entry file
// (a fork's own handler, or a CI smoke synth while an entry is being written).
const entries: Partial<RuntimeEntries> = {};
for (const name of ['webhook', 'sweeper', 'agent'] as const) {
  const value: unknown = app.node.tryGetContext(`${name}Entry`);
  if (typeof value === 'string' && value) entries[name] = value;
}
const tools = readAgentToolsConfig((key) => app.node.tryGetContext(key));
new NudgeStack(app, STACK_NAME, { config, entries, tools });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
