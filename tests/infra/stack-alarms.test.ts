import { describe, expect, it } from 'vitest';
import { exampleStack } from '../helpers/stack-template.ts';

const { template, byType } = exampleStack();

describe('alarms that reach someone', () => {
  const alarms = (): Array<Record<string, any>> =>
    byType('AWS::CloudWatch::Alarm').map(([id, a]) => ({ id, ...a.Properties }));
  const alarmNamed = (name: string) => alarms().find((a) => a.id.startsWith(`Alarms${name}`))!;
  const metricsOf = (alarm: Record<string, any>): string[] =>
    alarm.Metrics
      ? alarm.Metrics.filter((m: any) => m.MetricStat).map(
          (m: any) => `${m.MetricStat.Metric.Namespace}/${m.MetricStat.Metric.MetricName}`,
        )
      : [`${alarm.Namespace}/${alarm.MetricName}`];

  it('every alarm notifies the operator topic, which alarmEmail is subscribed to', () => {
    expect(alarms().length).toBeGreaterThanOrEqual(17);
    for (const alarm of alarms())
      expect(alarm.AlarmActions, alarm.id).toEqual([{ Ref: expect.stringMatching(/^AlarmsOperatorAlarms/) }]);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@kept.example.com' });
  });

  it('the topic policy lets CloudWatch publish, only for this account and its alarms (enforceSSL alone would deny it)', () => {
    const [, policy] = byType('AWS::SNS::TopicPolicy').find(([id]) => id.startsWith('AlarmsOperatorAlarms'))!;
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const allow = statements.find((st: any) => st.Effect === 'Allow');
    expect(allow.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(allow.Action).toBe('sns:Publish');
    expect(allow.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(allow.Condition.ArnLike['aws:SourceArn'])).toContain(':alarm:*');
  });

  it('a tick heartbeat: fewer than 1 invocation a minute, missing data breaching', () => {
    expect(alarmNamed('TickHeartbeat')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      ActionsEnabled: true,
    });
  });

  it('5xx from the API and from the webhooks, counted from the access log', () => {
    const filters = byType('AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    const filterFor = (name: string) => filters.find((f) => f.MetricTransformations[0].MetricName === name)!;
    expect(filterFor('WebhookServerErrors').FilterPattern).toBe(
      '{ ($.status = "5*") && ($.route = "POST /webhooks/*") }',
    );
    expect(filterFor('ApiServerErrors').FilterPattern).toBe('{ ($.status = "5*") && ($.route != "POST /webhooks/*") }');
    expect(alarmNamed('WebhookServerErrors')).toMatchObject({ Namespace: 'Kept', Threshold: 0 });
    expect(alarmNamed('ApiServerErrors')).toMatchObject({ Namespace: 'Kept', Threshold: 0 });
  });

  it('DynamoDB throttling, SES errors and reputation (bounce and complaint rates)', () => {
    expect(metricsOf(alarmNamed('DynamoDbThrottling'))).toEqual([
      'AWS/DynamoDB/ReadThrottleEvents',
      'AWS/DynamoDB/WriteThrottleEvents',
    ]);
    expect(metricsOf(alarmNamed('SesNotificationErrors'))).toEqual(['AWS/Lambda/Errors']);
    expect(alarmNamed('SesBounceRate')).toMatchObject({ MetricName: 'Reputation.BounceRate', Threshold: 0.04 });
    expect(alarmNamed('SesComplaintRate')).toMatchObject({
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.0008,
    });
  });

  it("refused and failed sends, by the sender's metric names over both channels; lateness; queue age and dead letters", () => {
    expect(metricsOf(alarmNamed('RefusedSends'))).toEqual(['Kept/RefusedSender', 'Kept/RefusedSender']);
    expect(metricsOf(alarmNamed('FailedDeliveries'))).toEqual(['Kept/DeliveriesFailed', 'Kept/DeliveriesFailed']);
    expect(metricsOf(alarmNamed('SendRecordsFailed'))).toEqual(['Kept/SendRecordsFailed']);
    expect(alarmNamed('DeliveryLateness').Threshold).toBe(120);
    const channels = alarmNamed('RefusedSends')
      .Metrics.filter((m: any) => m.MetricStat)
      .map((m: any) => m.MetricStat.Metric.Dimensions);
    expect(channels).toEqual([
      [
        { Name: 'channel', Value: 'sms' },
        { Name: 'service', Value: 'kept-send' },
      ],
      [
        { Name: 'channel', Value: 'email' },
        { Name: 'service', Value: 'kept-send' },
      ],
    ]);
    expect(alarmNamed('OldestQueuedMessage')).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 300,
    });
    expect(metricsOf(alarmNamed('DlqNotEmpty'))).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible']);
    expect(metricsOf(alarmNamed('FailedEventsNotEmpty'))).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible']);
    expect(metricsOf(alarmNamed('SignInCodesCapped'))).toEqual(['Kept/SignInCodesCapped']);
  });
});
