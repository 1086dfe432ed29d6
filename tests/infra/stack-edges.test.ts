import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { exampleStack } from '../helpers/stack-template.ts';

const { template, byType } = exampleStack();

describe('the Kept stack: HTTP routes and SES', () => {
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
      'GET /sa/{token}',
      'GET /sc/{token}',
      'GET /u/{token}',
      'POST /a/{token}',
      'POST /c/{token}',
      'POST /c/{token}/undo',
      'POST /j/{token}',
      'POST /sa/{token}',
      'POST /sc/{token}',
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
});
