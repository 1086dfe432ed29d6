import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';

let template: Template;
let outdir: string;
let resources: Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

beforeAll(() => {
  process.env.CDK_DEFAULT_REGION = 'us-east-1';
  // The committed example environment, as `npm run synth` and CI build it.
  const { stack, app } = buildApp(new App({ context: { env: 'example', tickEnabled: 'true' } }));
  outdir = app.outdir;
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
  expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
}, 60_000);

const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
/** A function by its service name (`kept-<folder under functions/>`), stable across construct moves. */
const functionNamed = (service: string) =>
  byType('AWS::Lambda::Function').find(
    ([, fn]) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === `kept-${service}`,
  )!;
const serviceOf = (functionId: string): string =>
  resources[functionId]!.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME.replace(/^kept-/, '');
/** Every IAM statement attached to a function's role. */
function statementsOf(functionId: string): Array<{ Action: string | string[]; Resource: unknown }> {
  const fn = resources[functionId]!;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return byType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
const actionsOf = (functionId: string) => statementsOf(functionId).flatMap((s) => [s.Action].flat());

describe('the Kept stack', () => {
  it('runs every function on arm64 and a current Node.js runtime, with source maps and its own log group', () => {
    const functions = byType('AWS::Lambda::Function');
    expect(functions).toHaveLength(6);
    for (const [, fn] of functions) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    for (const [, group] of byType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('serves the dashboard from the API function, same origin as the API: its files are bundled with it', () => {
    const [, api] = functionNamed('api');
    const assetHash = String(api.Properties.Code.S3Key).replace(/\.zip$/, '');
    const bundle = join(outdir, `asset.${assetHash}`);
    const modules = readdirSync(new URL('../../web/js/', import.meta.url)).map((file) => `web/js/${file}`);
    expect(modules.length).toBeGreaterThan(3);
    for (const file of ['index.mjs', 'web/index.html', 'web/app.js', 'web/app.css', ...modules])
      expect(existsSync(join(bundle, file)), file).toBe(true);
    const [, tick] = functionNamed('tick');
    const tickBundle = join(outdir, `asset.${String(tick.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    expect(existsSync(join(tickBundle, 'web'))).toBe(false);
  });

  it("answers API Gateway within its 29 s: the API function's timeout is below it, the webhooks' below Twilio's 15 s", () => {
    expect(functionNamed('api')[1].Properties.Timeout).toBeLessThan(29);
    expect(functionNamed('twilio-sms')[1].Properties.Timeout).toBeLessThan(15);
    expect(functionNamed('twilio-status')[1].Properties.Timeout).toBeLessThan(15);
  });

  it('keeps secrets out of the environment: only SSM parameter names are there', () => {
    for (const [, fn] of byType('AWS::Lambda::Function')) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      for (const [name, value] of Object.entries(variables)) {
        if (/TOKEN|SECRET|PASSWORD/.test(name)) expect(name, `${name}=${JSON.stringify(value)}`).toMatch(/_PARAM$/);
      }
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/authToken|AuthToken"\s*:\s*"[^/]/);
  });

  it('gives the tick one full vCPU (1,769 MB, by measurement) and a 55 s timeout; it stops 10 s before', () => {
    const [, tick] = functionNamed('tick');
    expect(tick.Properties.MemorySize).toBe(1769);
    expect(tick.Properties.Timeout).toBe(55);
  });

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

  it('routes the webhooks and the API, throttled, with access logs, and outputs the webhook URL', () => {
    const routes = byType('AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties.RouteKey)
      .sort();
    expect(routes).toEqual([
      'ANY /api/{proxy+}',
      'GET /',
      'GET /a/{token}',
      'GET /app.css',
      'GET /app.js',
      'GET /c/{token}',
      'GET /cal/{file}',
      'GET /j/{token}',
      'GET /js/{file}',
      'GET /u/{token}',
      'POST /a/{token}',
      'POST /c/{token}',
      'POST /c/{token}/undo',
      'POST /j/{token}',
      'POST /u/{token}',
      'POST /webhooks/twilio/sms',
      'POST /webhooks/twilio/status',
    ]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    const outputs = template.toJSON().Outputs;
    expect(JSON.stringify(outputs.TwilioWebhookUrl.Value)).toContain('/webhooks/twilio/sms');
  });

  it('sends bounces and complaints from SES to the notifications handler through an encrypted topic', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    for (const [, topic] of byType('AWS::SNS::Topic')) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('sends from an SES domain identity signed with Easy DKIM and a custom MAIL FROM, and outputs the DNS records', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'mail.kept.example.com',
      MailFromAttributes: { MailFromDomain: 'bounce.mail.kept.example.com' },
      ConfigurationSetAttributes: Match.anyValue(),
    });
    // Easy DKIM (RSA 2048) is SES's default for a domain: no BYODKIM key in the template.
    expect(JSON.stringify(byType('AWS::SES::EmailIdentity'))).not.toContain('DomainSigningPrivateKey');
    const outputs = template.toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['DkimRecord1', 'DkimRecord2', 'DkimRecord3', 'MailFromMxRecord', 'MailFromSpfRecord']),
    );
  });

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
      expect(filterFor('ApiServerErrors').FilterPattern).toBe(
        '{ ($.status = "5*") && ($.route != "POST /webhooks/*") }',
      );
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

  describe('least privilege', () => {
    it('grants no wildcard actions and no wildcard resources', () => {
      for (const [, policy] of byType('AWS::IAM::Policy')) {
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*$|^\*/);
          for (const resource of [statement.Resource].flat()) expect(resource).not.toBe('*');
        }
      }
    });

    it('the tick can plan but cannot send: no SES, no Twilio secret, no Scan, no delete', () => {
      const [tickId] = functionNamed('tick');
      const actions = actionsOf(tickId);
      expect(actions).toEqual(
        expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:SendMessage']),
      );
      for (const forbidden of ['ses:SendEmail', 'ssm:GetParameter', 'dynamodb:Scan', 'dynamodb:DeleteItem'])
        expect(actions).not.toContain(forbidden);
    });

    it('no function can Scan; the webhooks cannot delete items', () => {
      for (const [id] of byType('AWS::Lambda::Function')) expect(actionsOf(id)).not.toContain('dynamodb:Scan');
      for (const name of ['twilio-sms', 'twilio-status', 'ses-notifications']) {
        expect(actionsOf(functionNamed(name)[0])).not.toContain('dynamodb:DeleteItem');
      }
    });

    it('only the sender and the API (sign-in codes) send email, and each function reads only the secrets it needs', () => {
      for (const [id] of byType('AWS::Lambda::Function')) {
        const sendsEmail = actionsOf(id).includes('ses:SendEmail');
        expect(sendsEmail, id).toBe(['send', 'api'].includes(serviceOf(id)));
      }
      const secretsOf = (name: string) =>
        statementsOf(functionNamed(name)[0])
          .filter((s) => [s.Action].flat().includes('ssm:GetParameter'))
          .map((s) => JSON.stringify(s.Resource));
      expect(secretsOf('ses-notifications')).toEqual([]);
      expect(secretsOf('tick')).toEqual([]);
      expect(secretsOf('api').join()).toContain('/kept/link-secret');
      expect(secretsOf('twilio-sms').join()).not.toContain('link-secret');
      expect(secretsOf('twilio-status').join()).not.toContain('link-secret');
    });

    it('the SES handler queries only the email index; the SMS webhook only the phone index', () => {
      const queried = (name: string) =>
        JSON.stringify(
          statementsOf(functionNamed(name)[0])
            .filter((s) => [s.Action].flat().includes('dynamodb:Query'))
            .map((s) => s.Resource),
        );
      expect(queried('ses-notifications')).toContain('/index/GSI3');
      expect(queried('ses-notifications')).not.toMatch(/GSI1|GSI2/);
      expect(queried('twilio-sms')).toContain('/index/GSI2');
      expect(queried('twilio-sms')).not.toMatch(/GSI1|GSI3/);
    });
  });
});
