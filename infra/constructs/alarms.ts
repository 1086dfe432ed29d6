import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StackSettings } from '../stack-settings.ts';
import type { Pipeline } from './pipeline.ts';

export interface AlarmsProps {
  settings: StackSettings;
  pipeline: Pipeline;
  notificationsKey: IKey;
}

/** The operator's alarms and the topic that carries them to someone. */
export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { settings, pipeline } = props;
    this.topic = new Topic(this, 'OperatorAlarms', { masterKey: props.notificationsKey, enforceSSL: true });
    if (settings.alarmEmail) this.topic.addSubscription(new EmailSubscription(settings.alarmEmail));

    const oneMinute = { period: Duration.minutes(1) };
    this.alarm(
      'DlqNotEmpty',
      pipeline.deadLetters.metricApproximateNumberOfMessagesVisible(oneMinute),
      0,
      'Deliveries failed 5 times and wait in the dead-letter queue',
    );
    this.alarm('TickErrors', pipeline.tick.metricErrors(oneMinute), 0, 'The minute tick failed');
    this.alarm('TickThrottles', pipeline.tick.metricThrottles(oneMinute), 0, 'The minute tick was throttled');
    this.alarm('SendErrors', pipeline.send.metricErrors({ period: Duration.minutes(5) }), 0, 'The sender failed');
    this.alarm(
      'OldestQueuedMessage',
      pipeline.deliveries.metricApproximateAgeOfOldestMessage(oneMinute),
      300,
      'Deliveries have waited more than 5 minutes in the queue',
    );
    this.alarm(
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
  }

  /** An alarm above a threshold that notifies the operator topic. */
  alarm(id: string, metric: Metric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
