import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { TABLE_KEYS } from '../shared/store/table.ts';
import { LAMBDA_BUNDLE } from './bundle-options.ts';
import type { StackSettings } from './stack-settings.ts';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query';

export interface KeptStackProps extends StackProps {
  settings: StackSettings;
}

/**
 * Kept on AWS: the single table, the minute tick, the queue and the sender, the Twilio
 * webhooks and the API behind an HTTP API, SES bounce handling, and alarms. Every function
 * gets only the table actions, indexes and secrets it uses.
 */
export class KeptStack extends Stack {
  constructor(scope: Construct, id: string, props: KeptStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const k = TABLE_KEYS;

    const table = new TableV2(this, 'Table', {
      partitionKey: { name: k.partitionKey, type: AttributeType.STRING },
      sortKey: { name: k.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryptionV2.awsManagedKey(),
      timeToLiveAttribute: k.ttlAttribute,
      globalSecondaryIndexes: [
        {
          indexName: k.dueIndex,
          partitionKey: { name: k.dueIndexPartitionKey, type: AttributeType.STRING },
          sortKey: { name: k.dueIndexSortKey, type: AttributeType.STRING },
        },
        {
          indexName: k.phoneIndex,
          partitionKey: { name: k.phoneIndexPartitionKey, type: AttributeType.STRING },
          sortKey: { name: k.phoneIndexSortKey, type: AttributeType.STRING },
        },
        {
          indexName: k.emailIndex,
          partitionKey: { name: k.emailIndexPartitionKey, type: AttributeType.STRING },
          sortKey: { name: k.emailIndexSortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.KEYS_ONLY,
        },
      ],
    });
    const indexArn = (name: string) => `${table.tableArn}/index/${name}`;

    const notificationsKey = new Key(this, 'NotificationsKey', {
      enableKeyRotation: true,
      description: 'Kept: SNS topics (SES bounces, operator alarms)',
    });
    notificationsKey.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    notificationsKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');

    const deadLetters = new Queue(this, 'DeliveriesDlq', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
    });
    const deliveries = new Queue(this, 'Deliveries', {
      visibilityTimeout: Duration.seconds(180), // 6 x the sender's timeout
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });

    const api = new HttpApi(this, 'HttpApi', { description: 'Kept: Twilio webhooks, links from email, the API' });
    const publicUrl = settings.publicUrl ?? api.apiEndpoint;
    const region = this.region;
    const parameterArn = (name: string) => `arn:${this.partition}:ssm:${region}:${this.account}:parameter${name}`;
    const common = {
      TABLE_NAME: table.tableName,
      KEPT_PUBLIC_URL: publicUrl,
      KEPT_SUPPORT_CONTACT: settings.supportContact,
      NODE_OPTIONS: '--enable-source-maps',
    };

    const fn = (name: string, description: string, environment: Record<string, string>, timeout = 30) => {
      const logGroup = new LogGroup(this, `${name}Logs`, {
        retention: settings.logRetentionDays as RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const f = new NodejsFunction(this, name, {
        description,
        entry: root(`functions/${name.replace(/[A-Z]/g, (c, i) => `${i ? '-' : ''}${c.toLowerCase()}`)}/handler.ts`),
        handler: 'handler',
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: 256,
        timeout: Duration.seconds(timeout),
        logGroup,
        environment: { ...common, POWERTOOLS_SERVICE_NAME: `kept-${name.toLowerCase()}`, ...environment },
        projectRoot: root(''),
        depsLockFilePath: root('package-lock.json'),
        bundling: {
          minify: LAMBDA_BUNDLE.minify,
          target: LAMBDA_BUNDLE.target,
          mainFields: [...LAMBDA_BUNDLE.mainFields],
          banner: LAMBDA_BUNDLE.banner,
          externalModules: [...LAMBDA_BUNDLE.external],
          format: OutputFormat.ESM,
          sourceMap: true,
          sourcesContent: false,
          forceDockerBundling: false,
        },
      });
      return f;
    };
    const allowTable = (f: NodejsFunction, actions: TableAction[], indexes: string[] = []) => {
      f.addToRolePolicy(
        new PolicyStatement({
          actions: actions.filter((a) => a !== 'Query').map((a) => `dynamodb:${a}`),
          resources: [table.tableArn],
        }),
      );
      if (actions.includes('Query')) {
        f.addToRolePolicy(
          new PolicyStatement({ actions: ['dynamodb:Query'], resources: [table.tableArn, ...indexes.map(indexArn)] }),
        );
      }
    };
    const allowParameter = (f: NodejsFunction, name: string) =>
      f.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameterArn(name)] }));
    const twilioEnv: Record<string, string> = {
      ...(settings.twilioAccountSid ? { TWILIO_ACCOUNT_SID: settings.twilioAccountSid } : {}),
      ...(settings.twilioFrom ? { TWILIO_FROM: settings.twilioFrom } : {}),
      ...(settings.twilioMessagingServiceSid
        ? { TWILIO_MESSAGING_SERVICE_SID: settings.twilioMessagingServiceSid }
        : {}),
      TWILIO_AUTH_TOKEN_PARAM: settings.twilioAuthTokenParam,
    };

    // The minute tick: reads the due index, claims deliveries, queues them. It cannot send.
    const tick = fn('Tick', 'Kept: every minute, plan what is due', { QUEUE_URL: deliveries.queueUrl }, 55);
    allowTable(tick, ['GetItem', 'PutItem', 'UpdateItem', 'Query'], [k.dueIndex]);
    deliveries.grantSendMessages(tick);
    new Rule(this, 'EveryMinute', {
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(tick, { retryAttempts: 0 })],
    });

    // SES: a configuration set whose bounces and complaints reach the notifications handler.
    const sesTopic = new Topic(this, 'SesEventsTopic', { masterKey: notificationsKey, enforceSSL: true });
    const configurationSet = new ConfigurationSet(this, 'SesConfigurationSet', {});
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(sesTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    if (settings.emailFrom) new EmailIdentity(this, 'SenderIdentity', { identity: Identity.email(settings.emailFrom) });

    // The sender: one delivery per queue message, concurrency capped to the provider's pace.
    const send = fn('Send', 'Kept: send queued deliveries by SMS (Twilio) or email (SES)', {
      ...twilioEnv,
      LINK_SECRET_PARAM: settings.linkSecretParam,
      KEPT_SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      ...(settings.emailFrom ? { KEPT_EMAIL_FROM: settings.emailFrom } : {}),
    });
    allowTable(send, ['GetItem', 'PutItem', 'UpdateItem']);
    allowParameter(send, settings.twilioAuthTokenParam);
    allowParameter(send, settings.linkSecretParam);
    const emailDomain = settings.emailFrom?.split('@')[1];
    const sendEmail = new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        `arn:${this.partition}:ses:${region}:${this.account}:configuration-set/${configurationSet.configurationSetName}`,
        ...(settings.emailFrom
          ? [
              `arn:${this.partition}:ses:${region}:${this.account}:identity/${settings.emailFrom}`,
              `arn:${this.partition}:ses:${region}:${this.account}:identity/${emailDomain}`,
            ]
          : []),
      ],
    });
    send.addToRolePolicy(sendEmail);
    send.addEventSource(
      new SqsEventSource(deliveries, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: settings.sendConcurrency,
      }),
    );

    // Twilio's webhooks: inbound texts (the reply loop) and delivery status.
    const sms = fn(
      'TwilioSms',
      'Kept: inbound SMS webhook (Twilio)',
      { ...twilioEnv, QUEUE_URL: deliveries.queueUrl },
      12,
    );
    allowTable(sms, ['GetItem', 'PutItem', 'UpdateItem', 'Query'], [k.phoneIndex]);
    allowParameter(sms, settings.twilioAuthTokenParam);
    deliveries.grantSendMessages(sms);
    const status = fn(
      'TwilioStatus',
      'Kept: SMS delivery status callback (Twilio)',
      { ...twilioEnv, QUEUE_URL: deliveries.queueUrl },
      12,
    );
    allowTable(status, ['GetItem', 'PutItem', 'UpdateItem']);
    allowParameter(status, settings.twilioAuthTokenParam);
    deliveries.grantSendMessages(status);

    const sesNotifications = fn('SesNotifications', 'Kept: SES bounces and complaints', {});
    allowTable(sesNotifications, ['GetItem', 'UpdateItem', 'Query'], [k.emailIndex]);
    sesTopic.addSubscription(new LambdaSubscription(sesNotifications));

    // The API: sign-in codes (sent directly, by Twilio or SES), plan edits, reads, erasing an account.
    const apiFn = fn('Api', 'Kept: links from email and the JSON API', {
      ...twilioEnv,
      LINK_SECRET_PARAM: settings.linkSecretParam,
      QUEUE_URL: deliveries.queueUrl,
      KEPT_SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      ...(settings.emailFrom ? { KEPT_EMAIL_FROM: settings.emailFrom } : {}),
    });
    allowTable(apiFn, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'], [k.phoneIndex, k.emailIndex]);
    allowParameter(apiFn, settings.linkSecretParam);
    allowParameter(apiFn, settings.twilioAuthTokenParam);
    deliveries.grantSendMessages(apiFn);
    apiFn.addToRolePolicy(sendEmail);

    api.addRoutes({
      path: '/webhooks/twilio/sms',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('SmsIntegration', sms),
    });
    api.addRoutes({
      path: '/webhooks/twilio/status',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('StatusIntegration', status),
    });
    const apiIntegration = new HttpLambdaIntegration('ApiIntegration', apiFn);
    api.addRoutes({ path: '/u/{token}', methods: [HttpMethod.GET, HttpMethod.POST], integration: apiIntegration });
    api.addRoutes({ path: '/c/{token}', methods: [HttpMethod.GET, HttpMethod.POST], integration: apiIntegration });
    api.addRoutes({ path: '/c/{token}/undo', methods: [HttpMethod.POST], integration: apiIntegration });
    api.addRoutes({ path: '/j/{token}', methods: [HttpMethod.GET, HttpMethod.POST], integration: apiIntegration });
    api.addRoutes({ path: '/cal/{file}', methods: [HttpMethod.GET], integration: apiIntegration });
    api.addRoutes({ path: '/api/{proxy+}', methods: [HttpMethod.ANY], integration: apiIntegration });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: settings.logRetentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = api.defaultStage!.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        route: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
      }),
    };

    // Alarms for the operator.
    const opsTopic = new Topic(this, 'OperatorAlarms', { masterKey: notificationsKey, enforceSSL: true });
    if (settings.alarmEmail) opsTopic.addSubscription(new EmailSubscription(settings.alarmEmail));
    const alarm = (name: string, metric: Metric, threshold: number, description: string) => {
      const a = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new SnsAction(opsTopic));
      return a;
    };
    const oneMinute = { period: Duration.minutes(1) };
    alarm(
      'DlqNotEmpty',
      deadLetters.metricApproximateNumberOfMessagesVisible(oneMinute),
      0,
      'Deliveries failed 5 times and wait in the dead-letter queue',
    );
    alarm('TickErrors', tick.metricErrors(oneMinute), 0, 'The minute tick failed');
    alarm('TickThrottles', tick.metricThrottles(oneMinute), 0, 'The minute tick was throttled');
    alarm('SendErrors', send.metricErrors({ period: Duration.minutes(5) }), 0, 'The sender failed');
    alarm(
      'OldestQueuedMessage',
      deliveries.metricApproximateAgeOfOldestMessage(oneMinute),
      300,
      'Deliveries have waited more than 5 minutes in the queue',
    );
    alarm(
      'DeliveryLateness',
      new Metric({
        namespace: 'Kept',
        metricName: 'DeliveryLatenessSeconds',
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      120,
      'A message went out more than 2 minutes after it was due',
    );

    new CfnOutput(this, 'TwilioWebhookUrl', {
      value: `${publicUrl}/webhooks/twilio/sms`,
      description: 'Paste into Twilio: Phone number > Messaging > A message comes in (HTTP POST)',
    });
    new CfnOutput(this, 'TwilioStatusCallbackUrl', { value: `${publicUrl}/webhooks/twilio/status` });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: deadLetters.queueUrl });
    new CfnOutput(this, 'SesConfigurationSetName', { value: configurationSet.configurationSetName });

    this.acknowledgeFindings(api, [tick, send, sms, status, sesNotifications, apiFn]);
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
