import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { LAMBDA_BUNDLING } from './lambda-bundling.ts';
import { REPO_ROOT } from './repo-paths.ts';

export interface NudgeFunctionProps {
  /** TypeScript entry exporting `handler`. */
  entry: string;
  description: string;
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
  logRetentionDays: number;
  reservedConcurrentExecutions?: number;
}

/**
 * A Nudge Lambda: Node.js 22 on arm64, bundled locally by esbuild (a devDependency, so CDK never
 * falls back to Docker), JSON logs into its own log group with retention, X-Ray active, and a
 * role of its own that starts with nothing but writing to that log group.
 */
export class NudgeFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NudgeFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      // Logs age out anyway; the table is the data worth keeping.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole, which may write to every log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      // Source maps are only read when Node is told to; stack traces then point at the .ts source.
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        ...LAMBDA_BUNDLING,
        format: LAMBDA_BUNDLING.format as OutputFormat,
        sourceMapMode: LAMBDA_BUNDLING.sourceMapMode as SourceMapMode,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        forceDockerBundling: false,
      },
    });

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions, so active tracing needs Resource "*".',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 22 on purpose: the agent runs on the AgentCore NODE_22 runtime and all bundles target node22, so one Node version is tested and deployed.',
      },
    );
  }
}
