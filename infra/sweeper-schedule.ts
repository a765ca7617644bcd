import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * Wakes the sweeper every minute. A tick that cannot be delivered promptly is dropped, not
 * retried: the next tick comes a minute later and catches up on everything due (the sweeper
 * reads the due index, not the tick), while retried stale ticks would queue up behind the
 * single reserved instance and delay fresh ones.
 */
export class SweeperSchedule extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: { sweeper: lambda.IFunction }) {
    super(scope, id);
    this.rule = new events.Rule(this, 'EveryMinute', {
      description: 'Nudge sweeper tick',
      schedule: events.Schedule.rate(Duration.minutes(1)),
    });
    this.rule.addTarget(
      new targets.LambdaFunction(props.sweeper, {
        retryAttempts: 0,
        // EventBridge's minimum; a tick older than this is useless.
        maxEventAge: Duration.minutes(1),
      }),
    );
  }
}
