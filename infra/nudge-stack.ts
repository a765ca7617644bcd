import { CfnOutput, type CfnElement, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import type { Construct } from 'constructs';
import { AgentRuntime } from './agent-runtime.ts';
import { agentToolsEnvironment, grantAgentTools, type AgentToolsConfig } from './agent-tools.ts';
import { assertUsersConfigured, type NudgeConfig } from './config.ts';
import { Monitoring } from './monitoring.ts';
import { NudgeFunction } from './nudge-function.ts';
import { OUTPUTS } from './outputs.ts';
import { grantParameterRead } from './parameters.ts';
import { DEFAULT_ENTRIES, type RuntimeEntries } from './repo-paths.ts';
import { SWEEPER_METRICS, WEBHOOK_SERVICE_NAME } from './sweeper-metrics.ts';
import { SweeperSchedule } from './sweeper-schedule.ts';
import { SWEEPER_MEMORY_MB, SWEEPER_TIMEOUT_SECONDS, WEBHOOK_MEMORY_MB } from './function-sizes.ts';
import { NudgeTable, SWEEPER_ITEM_ACTIONS, WEBHOOK_ITEM_ACTIONS } from './table.ts';
import { WebhookApi } from './webhook-api.ts';

/**
 * How long the webhook (and the sweeper, for actions) waits for the agent to accept work. Bounded by
 * a cold AgentCore session: microVM start, then the agent's module load — it listens before reading
 * the token, so no SSM call is on this path (measured figures in README "How it works").
 */
export const RELAY_TIMEOUT = Duration.seconds(20);
/** Relay + the Lambda's own cold start (two SSM reads) + two table calls; under API Gateway's 29 s. */
export const WEBHOOK_TIMEOUT = Duration.seconds(26);

export interface NudgeStackProps extends StackProps {
  config: NudgeConfig;
  /** Entry files of the three runtimes; tests pass fixtures. Defaults to the real ones. */
  entries?: Partial<RuntimeEntries>;
  /** Web search and e-mail for the agent; absent or empty = both off. */
  tools?: AgentToolsConfig;
}

/** All of Nudge on AWS: table, agent runtime, webhook and sweeper Lambdas, schedule, alarms. */
export class NudgeStack extends Stack {
  readonly table: NudgeTable;
  readonly agent: AgentRuntime;
  readonly webhook: NudgeFunction;
  readonly sweeper: NudgeFunction;
  readonly api: WebhookApi;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: NudgeStackProps) {
    super(scope, id, { description: 'Nudge: a Telegram assistant that remembers for you', ...props });
    const { config } = props;
    // Before any bundling: a stack nobody may talk to is a failed deploy, not a warning.
    assertUsersConfigured(config);
    const entries = { ...DEFAULT_ENTRIES, ...props.entries };

    this.table = new NudgeTable(this, 'Data');
    const tableName = this.table.table.tableName;
    const shared = {
      NUDGE_TABLE_NAME: tableName,
      NUDGE_BOT_TOKEN_PARAM: config.botTokenParameter,
      NUDGE_DUE_SHARDS: String(config.dueShards),
    };

    this.agent = new AgentRuntime(this, 'Agent', {
      entry: entries.agent,
      modelId: config.modelId,
      idleTimeoutSeconds: config.agentIdleTimeoutSeconds,
      environment: { ...shared, NUDGE_MODEL_ID: config.modelId, ...(props.tools ? agentToolsEnvironment(props.tools) : {}) },
    });
    const runtime = this.agent.runtime;
    this.table.grantItemAccess(runtime);
    grantParameterRead(runtime, this, [config.botTokenParameter], config.parameterKmsKeyArn);
    if (props.tools) grantAgentTools(runtime, this, props.tools, config.parameterKmsKeyArn);

    const lambdaEnv = {
      ...shared,
      NUDGE_AGENT_RUNTIME_ARN: runtime.agentRuntimeArn,
      NUDGE_ALLOWED_USER_IDS: config.allowedUserIds.join(','),
      NUDGE_OPEN_ACCESS: String(config.openAccess),
      // Both relay to the agent (updates; scheduled actions), and either may start a cold session.
      NUDGE_AGENT_TIMEOUT_MS: String(RELAY_TIMEOUT.toMilliseconds()),
      POWERTOOLS_METRICS_NAMESPACE: SWEEPER_METRICS.namespace,
    };

    this.webhook = new NudgeFunction(this, 'Webhook', {
      entry: entries.webhook,
      description: 'Nudge webhook: verifies, dedupes and relays Telegram updates to the agent',
      // Verify, dedupe, hand to the agent, answer 200. A chat's first message after the agent's idle
      // timeout starts a new microVM; the relay waits up to RELAY_TIMEOUT for "accepted" (the agent
      // listens before reading any secret), and the Lambda's own cold start and table calls fit in
      // the rest. API Gateway's 29 s integration timeout is the ceiling (README "How it works").
      timeout: WEBHOOK_TIMEOUT,
      memorySize: WEBHOOK_MEMORY_MB,
      environment: {
        ...lambdaEnv,
        NUDGE_WEBHOOK_SECRET_PARAM: config.webhookSecretParameter,
        POWERTOOLS_SERVICE_NAME: WEBHOOK_SERVICE_NAME,
      },
      logRetentionDays: config.logRetentionDays,
    });
    // Dedupe markers only: a consistent read and a conditional put.
    this.table.grantItemAccess(this.webhook.fn, WEBHOOK_ITEM_ACTIONS);
    grantParameterRead(this.webhook.fn, this, [config.botTokenParameter, config.webhookSecretParameter], config.parameterKmsKeyArn);
    runtime.grantInvokeRuntime(this.webhook.fn);

    this.sweeper = new NudgeFunction(this, 'Sweeper', {
      entry: entries.sweeper,
      description: 'Nudge sweeper: claims due reminders and delivers them on the second',
      // Claiming for its one-minute window plus the safety margin to finish sends: see infra/function-sizes.ts.
      timeout: Duration.seconds(SWEEPER_TIMEOUT_SECONDS),
      // Mostly waiting, which Lambda bills by memory: see infra/function-sizes.ts.
      memorySize: SWEEPER_MEMORY_MB,
      // One sender at a time is kept by the lease row (core/sweeper/sender-lease.ts), which works in
      // any account; a reservation is opt-in because Lambda refuses one that leaves < 10 unreserved.
      ...(config.sweeperReservedConcurrency ? { reservedConcurrentExecutions: config.sweeperReservedConcurrency } : {}),
      environment: { ...lambdaEnv, POWERTOOLS_SERVICE_NAME: SWEEPER_METRICS.serviceName },
      logRetentionDays: config.logRetentionDays,
    });
    // EventBridge invokes asynchronously; a tick throttled (opt-in reservation, account limit) would
    // otherwise wait in Lambda's own queue (up to 6 h by default). Drop it instead — the next tick catches up.
    this.sweeper.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });
    this.table.grantItemAccess(this.sweeper.fn, SWEEPER_ITEM_ACTIONS);
    grantParameterRead(this.sweeper.fn, this, [config.botTokenParameter], config.parameterKmsKeyArn);
    runtime.grantInvokeRuntime(this.sweeper.fn);
    new SweeperSchedule(this, 'Schedule', { sweeper: this.sweeper.fn });

    this.api = new WebhookApi(this, 'Api', {
      handler: this.webhook.fn,
      rateLimit: config.webhookRateLimit,
      burstLimit: config.webhookBurstLimit,
      logRetentionDays: config.logRetentionDays,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      sweeper: this.sweeper.fn,
      webhook: this.webhook.fn,
      stage: this.api.stage,
      runtime,
      lagAlarmThresholdMs: config.lagAlarmThresholdMs,
      alarmEmail: config.alarmEmail,
    });

    this.acknowledgeRuntimeInvoke(runtime, [this.webhook, this.sweeper]);

    new CfnOutput(this, OUTPUTS.webhookUrl, { value: this.api.webhookUrl, description: 'Register with Telegram: npm run webhook:register' });
    new CfnOutput(this, OUTPUTS.tableName, { value: tableName });
    new CfnOutput(this, OUTPUTS.agentRuntimeArn, { value: runtime.agentRuntimeArn });
  }

  /** `grantInvokeRuntime` names the runtime and `<runtime ARN>/*`, its endpoints (qualifiers). */
  private acknowledgeRuntimeInvoke(runtime: agentcore.Runtime, functions: NudgeFunction[]): void {
    const logicalId = this.getLogicalId(runtime.node.defaultChild as CfnElement);
    for (const fn of functions) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.AgentRuntimeArn>/*]`,
        reason: 'InvokeAgentRuntime is authorised on the runtime and on its endpoints (ARN/runtime-endpoint/<qualifier>); the wildcard covers only endpoints of this one runtime.',
      });
    }
  }
}
