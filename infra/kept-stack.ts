import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms.ts';
import { Api } from './constructs/api.ts';
import { Pipeline } from './constructs/pipeline.ts';
import { Webhooks } from './constructs/webhooks.ts';
import type { StackSettings } from './stack-settings.ts';

export interface KeptStackProps extends StackProps {
  settings: StackSettings;
}

/**
 * Kept on AWS, composed of four parts: the pipeline (table, tick, queue, sender), the
 * provider webhooks, the API, and the operator's alarms. Every function gets only the table
 * actions, indexes and secrets it uses.
 */
export class KeptStack extends Stack {
  readonly pipeline: Pipeline;
  readonly webhooks: Webhooks;
  readonly api: Api;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: KeptStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const notificationsKey = new Key(this, 'NotificationsKey', {
      enableKeyRotation: true,
      description: 'Kept: SNS topics (SES bounces, operator alarms)',
    });
    notificationsKey.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    notificationsKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');

    // At the stack's root so that its URL (pasted into Twilio) survives changes to the parts.
    const httpApi = new HttpApi(this, 'HttpApi', { description: 'Kept: Twilio webhooks, links from email, the API' });
    const publicUrl = settings.publicUrl ?? httpApi.apiEndpoint;

    this.pipeline = new Pipeline(this, 'Pipeline', { settings, publicUrl });
    this.webhooks = new Webhooks(this, 'Webhooks', { settings, pipeline: this.pipeline, httpApi, notificationsKey });
    this.api = new Api(this, 'Api', { settings, pipeline: this.pipeline, httpApi });
    this.alarms = new Alarms(this, 'Alarms', {
      settings,
      pipeline: this.pipeline,
      webhooks: this.webhooks,
      api: this.api,
      notificationsKey,
    });

    new CfnOutput(this, 'DashboardUrl', {
      value: `${publicUrl}/`,
      description: 'The dashboard and the API (one origin); sign-in links point here',
    });
    new CfnOutput(this, 'TwilioWebhookUrl', {
      value: `${publicUrl}/webhooks/twilio/sms`,
      description: 'Paste into Twilio: Phone number > Messaging > A message comes in (HTTP POST)',
    });
    new CfnOutput(this, 'TwilioStatusCallbackUrl', { value: `${publicUrl}/webhooks/twilio/status` });
    new CfnOutput(this, 'TableName', { value: this.pipeline.table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.pipeline.deadLetters.queueUrl });
    new CfnOutput(this, 'SesConfigurationSetName', { value: this.pipeline.configurationSet.configurationSetName });
    this.outputDnsRecords(settings);

    this.acknowledgeFindings(httpApi, [...this.pipeline.functions, ...this.webhooks.functions, this.api.handler]);
    Validations.of(this.pipeline.failedEvents).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'It is a dead-letter queue: the on-failure destination of the tick and the SES-notifications function, and the DLQ of the EventBridge target and the SNS subscription (cdk-nag only recognises redrive policies).',
    });
  }

  /** The DNS records SES needs before it verifies the domain (README: "SES identity and DNS"). */
  private outputDnsRecords(settings: StackSettings): void {
    const { identity, domain } = this.pipeline;
    identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: `DNS for ${domain}: Easy DKIM`,
      });
    });
    const mailFrom = `${settings.mailFromSubdomain}.${domain}`;
    new CfnOutput(this, 'MailFromMxRecord', {
      value: `${mailFrom} MX 10 feedback-smtp.${this.region}.amazonses.com`,
      description: 'DNS: custom MAIL FROM (bounces come back here)',
    });
    new CfnOutput(this, 'MailFromSpfRecord', {
      value: `${mailFrom} TXT "v=spf1 include:amazonses.com ~all"`,
      description: 'DNS: SPF for the MAIL FROM domain',
    });
  }

  /** Each cdk-nag finding this design accepts, with the reason. */
  private acknowledgeFindings(api: HttpApi, functions: NodejsFunction[]): void {
    Validations.of(api).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'Each route authenticates in code: Twilio webhooks by X-Twilio-Signature, links from email by signed expiring tokens, the API by its session tokens. An API Gateway authorizer can check none of these.',
    });
    for (const f of functions) {
      Validations.of(f).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs.',
      });
    }
  }
}
