import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { TABLE } from '../../shared/store/entities/table-shape.ts';
import type { StackSettings } from '../stack-settings.ts';
import { twilioEnvironment } from './function-environment.ts';
import { allowParameter, allowTable, keptFunction } from './kept-function.ts';
import type { Pipeline } from './pipeline.ts';

export interface WebhooksProps {
  settings: StackSettings;
  pipeline: Pipeline;
  httpApi: HttpApi;
  notificationsKey: IKey;
}

/** What providers call back: Twilio's inbound texts and delivery status, SES bounces and complaints. */
export class Webhooks extends Construct {
  readonly sms: NodejsFunction;
  readonly status: NodejsFunction;
  readonly sesNotifications: NodejsFunction;
  readonly sesTopic: Topic;

  constructor(scope: Construct, id: string, props: WebhooksProps) {
    super(scope, id);
    const { settings, pipeline, httpApi } = props;
    const twilio = { ...pipeline.environment, ...twilioEnvironment(settings), QUEUE_URL: pipeline.deliveries.queueUrl };

    // Twilio's webhooks: inbound texts (the reply loop) and delivery status.
    this.sms = keptFunction(this, 'TwilioSms', {
      entry: 'twilio-sms',
      description: 'Kept: inbound SMS webhook (Twilio)',
      environment: twilio,
      logRetentionDays: settings.logRetentionDays,
      timeoutSeconds: 12,
    });
    allowTable(this.sms, pipeline.table, ['GetItem', 'PutItem', 'UpdateItem', 'Query'], [TABLE.index.phone.name]);
    allowParameter(this.sms, settings.twilioAuthTokenParam);
    pipeline.deliveries.grantSendMessages(this.sms);

    this.status = keptFunction(this, 'TwilioStatus', {
      entry: 'twilio-status',
      description: 'Kept: SMS delivery status callback (Twilio)',
      environment: twilio,
      logRetentionDays: settings.logRetentionDays,
      timeoutSeconds: 12,
    });
    allowTable(this.status, pipeline.table, ['GetItem', 'PutItem', 'UpdateItem']);
    allowParameter(this.status, settings.twilioAuthTokenParam);
    pipeline.deliveries.grantSendMessages(this.status);

    httpApi.addRoutes({
      path: '/webhooks/twilio/sms',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('SmsIntegration', this.sms),
    });
    httpApi.addRoutes({
      path: '/webhooks/twilio/status',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('StatusIntegration', this.status),
    });

    // SES: the configuration set's bounces and complaints reach the notifications handler.
    this.sesTopic = new Topic(this, 'SesEventsTopic', { masterKey: props.notificationsKey, enforceSSL: true });
    pipeline.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.sesTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.sesNotifications = keptFunction(this, 'SesNotifications', {
      entry: 'ses-notifications',
      description: 'Kept: SES bounces and complaints',
      environment: pipeline.environment,
      logRetentionDays: settings.logRetentionDays,
      timeoutSeconds: 30,
    });
    allowTable(this.sesNotifications, pipeline.table, ['GetItem', 'UpdateItem', 'Query'], [TABLE.index.email.name]);
    // A bounce lost is a hard-bounced address mailed again: SNS keeps what it cannot deliver,
    // Lambda keeps what still fails after its two retries.
    this.sesTopic.addSubscription(
      new LambdaSubscription(this.sesNotifications, { deadLetterQueue: pipeline.failedEvents }),
    );
    this.sesNotifications.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(pipeline.failedEvents),
    });
  }

  get functions(): NodejsFunction[] {
    return [this.sms, this.status, this.sesNotifications];
  }
}
