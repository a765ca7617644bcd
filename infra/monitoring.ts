import { Duration } from 'aws-cdk-lib';
import type * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { SWEEPER_METRICS } from './sweeper-metrics.ts';

export interface MonitoringProps {
  sweeper: lambda.IFunction;
  webhook: lambda.IFunction;
  stage: apigwv2.IHttpStage;
  runtime?: agentcore.IBedrockAgentRuntime;
  lagAlarmThresholdMs: number;
  /** Subscribed to a new alarm topic when given; otherwise alarms only show in the console. */
  alarmEmail?: string;
}

/**
 * Alarms for what breaks the product promise (a reminder late, lost or failing; Telegram's
 * updates rejected) and one dashboard to look at when one fires.
 */
export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic: sns.Topic | undefined;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const fiveMinutes = Duration.minutes(5);
    const sweeperMetric = (metricName: string, statistic: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: SWEEPER_METRICS.namespace,
        metricName,
        dimensionsMap: { service: SWEEPER_METRICS.serviceName },
        statistic,
        period: Duration.minutes(1),
      });
    const lag = sweeperMetric(SWEEPER_METRICS.lagMax, 'Maximum');
    const failed = sweeperMetric(SWEEPER_METRICS.failed, 'Sum').with({ period: fiveMinutes });
    const delivered = sweeperMetric(SWEEPER_METRICS.delivered, 'Sum');

    this.add('SweeperErrors', {
      alarmDescription: 'The sweeper Lambda threw: due reminders may be waiting.',
      metric: props.sweeper.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.add('SweeperStalled', {
      alarmDescription: 'The sweeper has not run for 5 minutes (rule disabled, throttled or failing to start).',
      metric: props.sweeper.metricInvocations({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data means no invocations: exactly what this alarm is for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.add('DeliveryLag', {
      alarmDescription: `Reminders are delivered more than ${props.lagAlarmThresholdMs} ms after they were due.`,
      metric: lag,
      threshold: props.lagAlarmThresholdMs,
      // Three of five minutes: one slow tick (a cold start, a 429 burst at 09:00) is not an incident.
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.add('FailedDeliveries', {
      alarmDescription: 'Reminders ended as failed (Telegram refused them permanently or attempts ran out).',
      metric: failed,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.add('Webhook5xx', {
      alarmDescription: 'The webhook answered Telegram with 5xx: Telegram retries, then drops updates.',
      metric: props.stage.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.add('WebhookErrors', {
      alarmDescription: 'The webhook Lambda threw.',
      metric: props.webhook.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.runtime) {
      this.add('AgentSystemErrors', {
        alarmDescription: 'AgentCore reported system errors invoking the agent.',
        metric: props.runtime.metricSystemErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Nudge alarms', enforceSSL: true });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      const action = new actions.SnsAction(this.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          new cloudwatch.GraphWidget({ title: 'Delivery lag max (ms)', left: [lag], leftAnnotations: [{ value: props.lagAlarmThresholdMs, label: 'alarm' }], width: 12 }),
          new cloudwatch.GraphWidget({ title: 'Deliveries', left: [delivered], right: [failed], width: 12 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Sweeper',
            left: [props.sweeper.metricInvocations(), props.sweeper.metricErrors(), props.sweeper.metricThrottles()],
            right: [props.sweeper.metricDuration({ statistic: 'Maximum' })],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Webhook',
            left: [props.stage.metricCount(), props.stage.metricClientError(), props.stage.metricServerError()],
            right: [props.webhook.metricDuration({ statistic: 'p99' })],
            width: 12,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
  }

  private add(id: string, props: cloudwatch.AlarmProps): void {
    this.alarms.push(new cloudwatch.Alarm(this, id, props));
  }
}
