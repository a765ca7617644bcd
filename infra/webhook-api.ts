import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { WEBHOOK_PATH } from '../core/webhook/path.ts';

export interface WebhookApiProps {
  handler: lambda.IFunction;
  rateLimit: number;
  burstLimit: number;
  logRetentionDays: number;
}

/**
 * HTTP API with one POST route. Any other method or path is answered 404 by API Gateway without
 * invoking Lambda. The stage is throttled so a flood (or a leaked URL) cannot run up Lambda and
 * agent costs; Telegram's own delivery rate for one bot is far below the limit.
 */
export class WebhookApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** Full URL to register with Telegram's `setWebhook`. */
  readonly webhookUrl: string;

  constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Nudge Telegram webhook',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    const routes = this.api.addRoutes({
      path: WEBHOOK_PATH,
      methods: [apigwv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration('Webhook', props.handler),
    });
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'Telegram cannot sign requests or obtain tokens; the handler authenticates each update by comparing the X-Telegram-Bot-Api-Secret-Token header (stored in SSM) in constant time.',
      });
    }
    this.webhookUrl = `${this.stage.url}${WEBHOOK_PATH.slice(1)}`;
  }
}
