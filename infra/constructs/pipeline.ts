import { type CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INDEXES, TABLE } from '../../shared/store/entities/table-shape.ts';
import { sendingDomain } from '../deploy-check.ts';
import type { StackSettings } from '../stack-settings.ts';
import { commonEnvironment, sendEmailStatement, twilioEnvironment } from './function-environment.ts';
import { allowParameter, allowTable, keptFunction } from './kept-function.ts';

/**
 * The table's logical id from before the stack was split into constructs: the table is
 * retained and protected, so a new id would orphan it and start an empty one.
 */
const TABLE_LOGICAL_ID = 'TableCD117FA1';

/**
 * The tick's memory, chosen by measurement (`npm run bench -- --only tick20k`): planning
 * costs ~1.4 ms of CPU per due item (rrule, rendering, the SDK), so 20,000 due in a minute is
 * ~28 s of CPU. Lambda gives one full vCPU at 1,769 MB, and Node plans on one thread: the
 * projection is 30 s at 1,769 MB, 50 s at 1,024 MB, 197 s at 256 MB, against a 55 s timeout
 * with a 10 s stop margin. An idle tick bills ~30 ms: about $0.03 a month at this size.
 */
const TICK_MEMORY_MB = 1_769;

export interface PipelineProps {
  settings: StackSettings;
  publicUrl: string;
}

/** The message pipeline: the single table, the minute tick, the delivery queue and the sender. */
export class Pipeline extends Construct {
  readonly table: TableV2;
  readonly deliveries: Queue;
  readonly deadLetters: Queue;
  /** Failed asynchronous invocations and events EventBridge or SNS could not deliver. */
  readonly failedEvents: Queue;
  readonly tick: NodejsFunction;
  readonly send: NodejsFunction;
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;
  /** The domain SES verifies and signs for: emailFrom's. */
  readonly domain: string;
  /** Every function's base environment (table, public URL, support contact). */
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { settings } = props;

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryptionV2.awsManagedKey(),
      timeToLiveAttribute: TABLE.ttlAttribute,
      globalSecondaryIndexes: INDEXES.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: index.projection === 'KEYS_ONLY' ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
      })),
    });
    (this.table.node.defaultChild as CfnResource).overrideLogicalId(TABLE_LOGICAL_ID);
    this.environment = commonEnvironment(this.table, props.publicUrl, settings);

    this.deadLetters = new Queue(this, 'DeliveriesDlq', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
    });
    this.deliveries = new Queue(this, 'Deliveries', {
      visibilityTimeout: Duration.seconds(180), // 6 x the sender's timeout
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });

    // Every asynchronous invocation that finally failed (the tick, SES notifications) lands
    // here with its event, for the operator (an alarm) and for replay.
    this.failedEvents = new Queue(this, 'FailedEvents', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
    });

    // The minute tick: reads the due index, claims deliveries, queues them. It cannot send.
    this.tick = keptFunction(this, 'Tick', {
      entry: 'tick',
      description: 'Kept: every minute, plan what is due',
      environment: { ...this.environment, QUEUE_URL: this.deliveries.queueUrl },
      logRetentionDays: settings.logRetentionDays,
      timeoutSeconds: 55,
      memorySize: TICK_MEMORY_MB,
    });
    allowTable(this.tick, this.table, ['GetItem', 'PutItem', 'UpdateItem', 'Query'], [TABLE.index.due.name]);
    this.deliveries.grantSendMessages(this.tick);
    // A failed tick is not retried: the next one, a minute later, redoes whatever is left
    // (every step is idempotent); a retry would only overlap it. Failures are kept, not lost.
    this.tick.configureAsyncInvoke({ retryAttempts: 0, onFailure: new SqsDestination(this.failedEvents) });
    new Rule(this, 'EveryMinute', {
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.tick, { retryAttempts: 0, deadLetterQueue: this.failedEvents })],
      // Nothing is planned before SES may send from the domain: `npm run deploy` enables it.
      enabled: settings.tickEnabled,
    });

    // SES sending: a configuration set (its events are routed by the webhooks construct) and
    // the domain identity, signed with Easy DKIM, bounces returned through our own MAIL FROM.
    this.configurationSet = new ConfigurationSet(this, 'SesConfigurationSet', {});
    this.domain = sendingDomain(settings);
    this.identity = new EmailIdentity(this, 'DomainIdentity', {
      identity: Identity.domain(this.domain),
      mailFromDomain: `${settings.mailFromSubdomain}.${this.domain}`,
      configurationSet: this.configurationSet,
    });

    // The sender: one delivery per queue message, concurrency capped to the provider's pace.
    this.send = keptFunction(this, 'Send', {
      entry: 'send',
      description: 'Kept: send queued deliveries by SMS (Twilio) or email (SES)',
      environment: {
        ...this.environment,
        ...twilioEnvironment(settings),
        LINK_SECRET_PARAM: settings.linkSecretParam,
        KEPT_SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        KEPT_EMAIL_FROM: settings.emailFrom,
      },
      logRetentionDays: settings.logRetentionDays,
      timeoutSeconds: 30,
    });
    // BatchGetItem: the delivery and its recipient in one read; Query (the table only): texts written
    // at send time (summaries, practices) and a supporter as recipient read the pair's items.
    allowTable(this.send, this.table, ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'Query']);
    allowParameter(this.send, settings.twilioAuthTokenParam);
    allowParameter(this.send, settings.linkSecretParam);
    this.send.addToRolePolicy(this.sendEmailStatement(settings));
    this.send.addEventSource(
      new SqsEventSource(this.deliveries, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: settings.sendConcurrency,
      }),
    );
  }

  /** ses:SendEmail from Kept's sender through Kept's configuration set (the sender, sign-in codes). */
  sendEmailStatement(settings: StackSettings) {
    return sendEmailStatement(this, this.configurationSet.configurationSetName, settings);
  }

  /** The functions this construct owns, for findings that apply to every function. */
  get functions(): NodejsFunction[] {
    return [this.tick, this.send];
  }
}
