import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';

/**
 * The agent's zip as a CDK asset, like `AgentRuntimeArtifact.fromCodeAsset` but without its
 * `bucket.grantRead(runtime.role)`: AgentCore reads the code with the credentials of whoever calls
 * Create/UpdateAgentRuntime (CloudFormation's deploy role), not the runtime's execution role
 * ("Troubleshooting direct code deployment", AgentCore developer guide), so the running agent needs
 * no read on the CDK asset bucket — which holds every asset of every stack in the account.
 */
export class UngrantedCodeAsset extends agentcore.AgentRuntimeArtifact {
  private asset: s3assets.Asset | undefined;

  constructor(private readonly props: { path: string; runtime: agentcore.AgentCoreRuntime; entrypoint: string[] }) {
    super();
  }

  bind(scope: Construct): void {
    this.asset ??= new s3assets.Asset(scope, 'AgentRuntimeArtifact', { path: this.props.path });
  }

  _render(): agentcore.CfnRuntime.AgentRuntimeArtifactProperty {
    if (!this.asset) throw new Error('UngrantedCodeAsset: bind() must run before _render()');
    // Same shape as the library's code asset (the Runtime wraps it in codeConfiguration).
    return {
      code: { s3: { bucket: this.asset.s3BucketName, prefix: this.asset.s3ObjectKey } },
      runtime: this.props.runtime.value,
      entryPoint: this.props.entrypoint,
    } as unknown as agentcore.CfnRuntime.AgentRuntimeArtifactProperty;
  }
}
