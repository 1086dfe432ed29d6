import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { exampleStack } from '../helpers/stack-template.ts';

const { template, byType, functionNamed } = exampleStack();

describe('the Kept stack: tick, queue and table', () => {
  it('ticks every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
  });

  it('queues deliveries with a dead-letter queue after 5 attempts, and the sender reports partial batch failures at a capped concurrency', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('keeps the data: point-in-time recovery, deletion protection, RETAIN, encryption, TTL, the three indexes', () => {
    const [tableId, table] = byType('AWS::DynamoDB::GlobalTable')[0]!;
    expect(tableId, 'the retained table keeps its logical id, or a deploy would orphan it').toBe('TableCD117FA1');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(table.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual([
      'GSI1',
      'GSI2',
      'GSI3',
    ]);
  });

  describe('no lost asynchronous events', () => {
    const failedEvents = () => ({ 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineFailedEvents'), 'Arn'] });

    it('the tick is never retried (the next tick redoes what is left), and its failures are kept', () => {
      const [tickId] = functionNamed('tick');
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: tickId },
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: failedEvents() } },
      });
      template.hasResourceProperties('AWS::Events::Rule', {
        Targets: [
          Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 }, DeadLetterConfig: { Arn: failedEvents() } }),
        ],
      });
    });

    it('SES notifications: the SNS subscription has a DLQ and the function an on-failure destination', () => {
      const [sesId] = functionNamed('ses-notifications');
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'lambda',
        RedrivePolicy: { deadLetterTargetArn: failedEvents() },
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: sesId },
        DestinationConfig: { OnFailure: { Destination: failedEvents() } },
      });
    });
  });
});
