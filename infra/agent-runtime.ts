import { Duration, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { AGENT_ENTRY_FILE, bundleAgent } from './agent-bundle.ts';
import { UngrantedCodeAsset } from './agent-code-artifact.ts';
import { modelArns } from './model-arns.ts';

export interface AgentRuntimeProps {
  /** TypeScript entry that starts the HTTP server on `PORT` (`/invocations`, `/ping`). */
  entry: string;
  modelId: string;
  idleTimeoutSeconds: number;
  environment: Record<string, string>;
}

/**
 * The agent on AgentCore Runtime: a code asset (zip in the CDK asset bucket) on the managed
 * NODE_22 runtime — no container image, so neither synth nor deploy needs Docker. Its role may
 * invoke exactly the configured model; table and SSM grants are added by the stack.
 */
export class AgentRuntime extends Construct {
  readonly runtime: agentcore.Runtime;

  constructor(scope: Construct, id: string, props: AgentRuntimeProps) {
    super(scope, id);
    // The Runtime binds (stages) its code asset lazily, during synthesis, so the bundle must outlive
    // this constructor: it is built inside the cloud assembly folder, which CDK owns and tests
    // delete, rather than in a temp folder nobody would clean up.
    const bundleDir = join(assemblyDir(this), 'nudge-agent-bundle');
    bundleAgent(props.entry, bundleDir);
    this.runtime = new agentcore.Runtime(this, 'Runtime', {
        description: 'Nudge agent: understands chat messages and manages reminders',
        agentRuntimeArtifact: new UngrantedCodeAsset({
          path: bundleDir,
          runtime: agentcore.AgentCoreRuntime.NODE_22,
          entrypoint: [AGENT_ENTRY_FILE],
        }),
        protocolConfiguration: agentcore.ProtocolType.HTTP,
        lifecycleConfiguration: { idleRuntimeSessionTimeout: Duration.seconds(props.idleTimeoutSeconds) },
        environmentVariables: { ...props.environment, PORT: '8080', NODE_OPTIONS: '--enable-source-maps' },
      });

    const stack = Stack.of(this);
    const models = modelArns(props.modelId, stack.partition, stack.region, stack.account);
    this.runtime.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'InvokeConfiguredModel',
        // Converse and ConverseStream are authorised as InvokeModel / InvokeModelWithResponseStream.
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: models.resources,
      }),
    );
    // cdk-nag names a finding by the ARN with its pseudo-parameters written as <AWS::…>.
    const nagArns = modelArns(props.modelId, '<AWS::Partition>', '<AWS::Region>', '<AWS::AccountId>');
    this.acknowledgeDefaults(nagArns.crossRegion ? nagArns.resources[1] : undefined);
  }

  private acknowledgeDefaults(crossRegionModelArn: string | undefined): void {
    const validations = Validations.of(this.runtime);
    const runtimeDefaults =
      'Granted by the aws-bedrockagentcore Runtime construct for the AgentCore service contract';
    validations.acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/bedrock-agentcore/runtimes/*]', reason: `${runtimeDefaults}: the runtime's log group name is chosen by AgentCore at creation, under this fixed prefix.` },
      { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/bedrock-agentcore/runtimes/*:log-stream:*]', reason: `${runtimeDefaults}: log streams are created per session under the AgentCore runtime log-group prefix.` },
      { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*]', reason: `${runtimeDefaults}: logs:DescribeLogGroups is a list action without resource-level scoping.` },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: `${runtimeDefaults}: X-Ray has no resource-level permissions, and PutMetricData is limited by a cloudwatch:namespace condition instead.` },
      { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock-agentcore:<AWS::Region>:<AWS::AccountId>:workload-identity-directory/default/workload-identity/*]', reason: `${runtimeDefaults}: the runtime's workload identity is created by AgentCore with a generated name in the default directory.` },
    );
    if (crossRegionModelArn) {
      validations.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${crossRegionModelArn}]`,
        reason: 'A cross-region inference profile serves a request from any of its regions, so the foundation-model ARN has a region wildcard; the model itself is named exactly.',
      });
    }
  }
}

function assemblyDir(scope: Construct): string {
  const stage = Stage.of(scope);
  if (!stage) throw new Error('AgentRuntime must be created inside a CDK App or Stage');
  return stage.outdir;
}
