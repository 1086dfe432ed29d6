import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StackSettings } from '../stack-settings.ts';
import type { Api } from './api.ts';
import type { Pipeline } from './pipeline.ts';
import { allowServicePublish } from './topic-policy.ts';
import type { Webhooks } from './webhooks.ts';

export interface AlarmsProps {
  settings: StackSettings;
  pipeline: Pipeline;
  webhooks: Webhooks;
  api: Api;
  notificationsKey: IKey;
}

const NAMESPACE = 'Kept';
const CHANNELS = ['sms', 'email'] as const;
const oneMinute = { period: Duration.minutes(1) };
const fiveMinutes = { period: Duration.minutes(5) };

interface AlarmSpec {
  metric: IMetric;
  threshold: number;
  description: string;
  below?: boolean;
  missingData?: TreatMissingData;
  evaluationPeriods?: number;
  actionsEnabled?: boolean;
}

/**
 * The operator's alarms and the topic that carries them to someone: the topic lets CloudWatch
 * publish (enforceSSL alone would not), and alarmEmail, required by every environment, is
 * subscribed (the subscription must be confirmed from that mailbox once).
 */
export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { settings, pipeline, webhooks, api } = props;
    const { partition, region, account } = Stack.of(this);
    this.topic = new Topic(this, 'OperatorAlarms', { masterKey: props.notificationsKey, enforceSSL: true });
    allowServicePublish(
      this.topic,
      'cloudwatch.amazonaws.com',
      `arn:${partition}:cloudwatch:${region}:${account}:alarm:*`,
    );
    this.topic.addSubscription(new EmailSubscription(settings.alarmEmail));

    // The tick: it must run every minute (a heartbeat: no data is an alarm), without errors.
    this.alarm('TickHeartbeat', {
      metric: pipeline.tick.metricInvocations(oneMinute),
      threshold: 1,
      below: true,
      missingData: TreatMissingData.BREACHING,
      evaluationPeriods: 3,
      // While SES is unverified the tick is off on purpose (see npm run deploy).
      actionsEnabled: settings.tickEnabled,
      description: 'The minute tick has not run for 3 minutes: nothing is being planned',
    });
    this.alarm('TickErrors', {
      metric: pipeline.tick.metricErrors(oneMinute),
      threshold: 0,
      description: 'The minute tick failed',
    });
    this.alarm('TickThrottles', {
      metric: pipeline.tick.metricThrottles(oneMinute),
      threshold: 0,
      description: 'The minute tick was throttled (account concurrency quota?)',
    });

    // The queue and the sender.
    this.alarm('DlqNotEmpty', {
      metric: pipeline.deadLetters.metricApproximateNumberOfMessagesVisible(oneMinute),
      threshold: 0,
      description: 'Deliveries failed 5 times and wait in the dead-letter queue',
    });
    this.alarm('FailedEventsNotEmpty', {
      metric: pipeline.failedEvents.metricApproximateNumberOfMessagesVisible(oneMinute),
      threshold: 0,
      description: 'A tick or an SES notification failed for good: its event waits in the failed-events queue',
    });
    this.alarm('OldestQueuedMessage', {
      metric: pipeline.deliveries.metricApproximateAgeOfOldestMessage(oneMinute),
      threshold: 300,
      description: 'Deliveries have waited more than 5 minutes in the queue',
    });
    this.alarm('SendErrors', {
      metric: pipeline.send.metricErrors(fiveMinutes),
      threshold: 0,
      description: 'The sender failed',
    });
    this.alarm('SendRecordsFailed', {
      metric: new Metric({
        namespace: NAMESPACE,
        metricName: 'SendRecordsFailed',
        dimensionsMap: { service: 'kept-send' },
        statistic: 'Sum',
        ...fiveMinutes,
      }),
      threshold: 0,
      description: 'Queue messages went back to the queue (partial batch failures)',
    });
    this.alarm('RefusedSends', {
      metric: this.acrossChannels('RefusedSender', 'Sum'),
      threshold: 0,
      description: 'Twilio or SES refused a send for a reason of ours (account, sender, configuration)',
    });
    this.alarm('FailedDeliveries', {
      metric: this.acrossChannels('DeliveriesFailed', 'Sum'),
      threshold: 0,
      description: 'A delivery gave up and was marked failed',
    });
    this.alarm('DeliveryLateness', {
      metric: this.acrossChannels('DeliveryLatenessSeconds', 'Maximum', oneMinute),
      threshold: 120,
      description: 'A message went out more than 2 minutes after it was due',
    });

    // HTTP: 5xx answers, counted from the access log, the API apart from the provider webhooks.
    this.alarm('WebhookServerErrors', {
      metric: this.countLines(
        api.accessLogs,
        'WebhookServerErrors',
        '{ ($.status = "5*") && ($.route = "POST /webhooks/*") }',
      ),
      threshold: 0,
      description: 'A Twilio webhook answered 5xx: Twilio retries, then drops the reply',
    });
    this.alarm('ApiServerErrors', {
      metric: this.countLines(
        api.accessLogs,
        'ApiServerErrors',
        '{ ($.status = "5*") && ($.route != "POST /webhooks/*") }',
      ),
      threshold: 0,
      description: 'The API, the dashboard or a link from email answered 5xx',
    });
    this.alarm('SesNotificationErrors', {
      metric: webhooks.sesNotifications.metricErrors(fiveMinutes),
      threshold: 0,
      description: 'An SES bounce or complaint could not be recorded',
    });
    this.alarm('SignInCodesCapped', {
      metric: this.countLines(
        api.handler.logGroup,
        'SignInCodesCapped',
        '{ ($.metric = "SignInCodesCapped") && ($.cap = "total") }',
      ),
      threshold: 0,
      description: "The day's cap on sign-in codes was reached: SMS pumping or a flood; further codes are not sent",
    });

    // The store.
    this.alarm('DynamoDbThrottling', {
      metric: new MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: pipeline.table.metric('ReadThrottleEvents', { statistic: 'Sum', ...fiveMinutes }),
          writes: pipeline.table.metric('WriteThrottleEvents', { statistic: 'Sum', ...fiveMinutes }),
        },
        label: 'Throttled reads and writes',
        ...fiveMinutes,
      }),
      threshold: 0,
      description: 'DynamoDB throttled requests to the table',
    });

    // SES reputation: AWS reviews the account at 5% bounces or 0.1% complaints; alarm before.
    this.alarm('SesBounceRate', {
      metric: new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: 0.04,
      description: 'SES bounce rate above 4% (account review at 5%, sending paused at 10%)',
    });
    this.alarm('SesComplaintRate', {
      metric: new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: 0.0008,
      description: 'SES complaint rate above 0.08% (account review at 0.1%, sending paused at 0.5%)',
    });
  }

  /** A metric the sender emits per channel, combined over both channels. */
  private acrossChannels(metricName: string, statistic: 'Sum' | 'Maximum', period = fiveMinutes): IMetric {
    const usingMetrics = Object.fromEntries(
      CHANNELS.map((channel) => [
        channel,
        new Metric({
          namespace: NAMESPACE,
          metricName,
          dimensionsMap: { service: 'kept-send', channel },
          statistic,
          ...period,
        }),
      ]),
    );
    return new MathExpression({
      expression: statistic === 'Sum' ? 'SUM([sms, email])' : 'MAX([sms, email])',
      usingMetrics,
      label: `${metricName} (both channels)`,
      ...period,
    });
  }

  /** Counts log lines matching a JSON pattern as the metric Kept/<name>. */
  private countLines(logGroup: ILogGroup, metricName: string, pattern: string): IMetric {
    const filter = new MetricFilter(this, `${metricName}Filter`, {
      logGroup,
      filterPattern: FilterPattern.literal(pattern),
      metricNamespace: NAMESPACE,
      metricName,
      metricValue: '1',
    });
    return filter.metric({ statistic: 'Sum', ...fiveMinutes });
  }

  /** An alarm that notifies the operator topic. */
  alarm(id: string, spec: AlarmSpec): Alarm {
    const alarm = new Alarm(this, id, {
      metric: spec.metric,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      comparisonOperator: spec.below
        ? ComparisonOperator.LESS_THAN_THRESHOLD
        : ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: spec.missingData ?? TreatMissingData.NOT_BREACHING,
      actionsEnabled: spec.actionsEnabled ?? true,
      alarmDescription: spec.description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
