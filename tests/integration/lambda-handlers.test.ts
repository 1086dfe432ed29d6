import type { APIGatewayProxyEventV2, Context, SNSEvent, SQSEvent, ScheduledEvent } from 'aws-lambda';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { unsubscribeToken } from '../../shared/links/unsubscribe.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { startAwsFake } from '../helpers/aws-fake.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { startTwilioFake } from '../helpers/twilio-fake.ts';

const SID = `AC${'4'.repeat(32)}`;
const TOKEN = 'lambda-twilio-token';
const LINK_SECRET = 'lambda-link-secret-that-is-long-enough';
const PUBLIC = 'https://abc123.execute-api.us-east-1.amazonaws.com';
const embedded = useEmbeddedStore();
let aws: Awaited<ReturnType<typeof startAwsFake>>;
let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
let store: Store;
const context = {
  awsRequestId: 'req-1',
  functionName: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

beforeAll(async () => {
  store = await embedded.fresh(8);
  aws = await startAwsFake({ '/kept/twilio-auth-token': TOKEN, '/kept/link-secret': LINK_SECRET });
  twilio = await startTwilioFake(SID, TOKEN);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: embedded.endpoint(),
    AWS_ENDPOINT_URL_SQS: aws.url,
    AWS_ENDPOINT_URL_SSM: aws.url,
    TABLE_NAME: store.tableName,
    QUEUE_URL: `${aws.url}/000000000000/kept-deliveries`,
    KEPT_PUBLIC_URL: PUBLIC,
    KEPT_SUPPORT_CONTACT: 'help@couple-support.example.org',
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_FROM: '+15550001111',
    TWILIO_API_URL: twilio.url,
    TWILIO_AUTH_TOKEN_PARAM: '/kept/twilio-auth-token',
    LINK_SECRET_PARAM: '/kept/link-secret',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const plan = examplePlan();
  plan.partners[1]!.consent = 'pending'; // a consent request is due at once
  await applyPlan(store, validPlan(plan), Date.now() - 60_000);
});
afterAll(async () => {
  await aws.close();
  await twilio.close();
  await embedded.stop();
});

function httpEvent(
  method: string,
  path: string,
  body: string,
  headers: Record<string, string>,
  base64 = false,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'TwilioProxy/1.1' },
      requestId: 'r',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '26/Nov/2026:12:00:00 +0000',
      timeEpoch: Date.now(),
    },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  };
}

/** The queued reference to Alex's consent request (the message the send test sends). */
function consentRequestRef(): string {
  const sent = aws.sent.find((m) => /#consent-request:alex"/.test(m.body));
  if (!sent) throw new Error('the consent request was not queued');
  return sent.body;
}

describe('the Lambda handlers, through their middy chains, with real event shapes', () => {
  it('tick: an EventBridge scheduled event plans what is due and queues it on SQS', async () => {
    const { handler } = await import('../../functions/tick/handler.ts');
    const event: ScheduledEvent = {
      version: '0',
      id: 'e1',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/kept-tick'],
      detail: {},
    };
    const report = await handler(event, context);
    // The consent request is due at once; on the real clock another of the plan's messages
    // may fall due in the same minute (Sam's 08:00 New York affirmation is 13:00 UTC), so the
    // check is that it is among what was planned, each planned item queued once.
    expect(report.planned).toBeGreaterThanOrEqual(1);
    expect(aws.sent).toHaveLength(report.planned);
    expect(JSON.parse(consentRequestRef())).toMatchObject({
      pairId: 'sam-alex',
      deliveryKey: expect.stringMatching(/^DLV#.*#consent-request:alex$/),
    });
  });

  it('send: an SQS batch with one failing record reports only that record as failed', async () => {
    const { handler } = await import('../../functions/send/handler.ts');
    const record = (id: string, body: string) => ({
      messageId: id,
      receiptHandle: `rh-${id}`,
      body,
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:kept-deliveries',
      awsRegion: 'us-east-1',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'x',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
    });
    twilio.failNext({ status: 503, body: { code: 20503, message: 'unavailable', status: 503 } });
    const event: SQSEvent = {
      Records: [
        record('ok-later', consentRequestRef()),
        record('junk', 'not json'),
        record('missing', JSON.stringify({ pairId: 'sam-alex', deliveryKey: 'DLV#nope' })),
      ],
    };
    const result = await handler(event, context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'ok-later' }] });
    // Redelivered by SQS: now it goes out, once.
    expect(await handler({ Records: [record('ok-later', consentRequestRef())] }, context)).toEqual({
      batchItemFailures: [],
    });
    expect(twilio.messages.filter((m) => m.to === '+447700900123' && /invited you to Kept/.test(m.body))).toHaveLength(
      1,
    );
  });

  it('twilio-sms: an API Gateway v2 event with a base64 form body, signed, gets TwiML; unsigned gets 403', async () => {
    const { handler } = await import('../../functions/twilio-sms/handler.ts');
    const params = { MessageSid: 'SMlambda1', AccountSid: SID, From: '+447700900123', To: '+15550001111', Body: 'YES' };
    const signature = twilioWebhooks.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/twilio/sms`, params);
    const body = new URLSearchParams(params).toString();
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const ok = await handler(
      httpEvent(
        'POST',
        '/webhooks/twilio/sms',
        body,
        { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        true,
      ),
      context,
    ).finally(() => spy.mockRestore());
    expect(ok.statusCode).toBe(200);
    // Counted as an inbound text in CloudWatch's embedded metric format (namespace Kept).
    const emf = written
      .join('')
      .split('\n')
      .filter((line) => line.includes('"InboundTexts"'))
      .map((line) => JSON.parse(line));
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ InboundTexts: 1, service: 'kept-twilio-sms' });
    expect(emf[0]._aws.CloudWatchMetrics[0].Namespace).toBe('Kept');
    expect(ok.headers?.['content-type']).toMatch(/^text\/xml/);
    expect((await getPartner(store, 'sam-alex', 'alex'))?.consent).toBe('confirmed');
    const refused = await handler(
      httpEvent('POST', '/webhooks/twilio/sms', body, { 'content-type': 'application/x-www-form-urlencoded' }, true),
      context,
    );
    expect(refused.statusCode).toBe(403);
  });

  it('ses-notifications: an SNS event with a hard bounce stops email to the address', async () => {
    const { handler } = await import('../../functions/ses-notifications/handler.ts');
    const event: SNSEvent = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'arn:aws:sns:us-east-1:000000000000:kept-ses:1',
          Sns: {
            Type: 'Notification',
            MessageId: 'n1',
            TopicArn: 'arn:aws:sns:us-east-1:000000000000:kept-ses',
            Subject: '',
            Timestamp: new Date().toISOString(),
            SignatureVersion: '1',
            Signature: 'x',
            SigningCertUrl: 'x',
            UnsubscribeUrl: 'x',
            MessageAttributes: {},
            Message: JSON.stringify({
              notificationType: 'Bounce',
              bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'sam@example.com' }] },
            }),
          },
        },
      ],
    };
    expect(await handler(event, context)).toEqual([{ outcome: 'hard-bounce', addresses: 1 }]);
    expect((await getPartner(store, 'sam-alex', 'sam'))?.emailUndeliverable).toBe(true);
  });

  it('api: the unsubscribe link, with the link secret read from SSM', async () => {
    const { handler } = await import('../../functions/api/handler.ts');
    const token = unsubscribeToken(LINK_SECRET, 'sam-alex', 'alex', Date.now());
    const page = await handler(httpEvent('GET', `/u/${token}`, '', {}), context);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop emails');
    expect((await handler(httpEvent('GET', '/nowhere', '', {}), context)).statusCode).toBe(404);
  });

  it('api: serves the dashboard and its files at the same origin as the API, with a strict CSP', async () => {
    const { handler } = await import('../../functions/api/handler.ts');
    const page = await handler(httpEvent('GET', '/', '', {}), context);
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers?.['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('<script type="module" src="/app.js"></script>');
    const script = await handler(httpEvent('GET', '/app.js', '', {}), context);
    expect(script.headers?.['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await handler(httpEvent('GET', '/app.css', '', {}), context)).statusCode).toBe(200);
    // Every module app.js imports, and what they import, is served from the same function.
    const seen = new Set<string>();
    const pending = [...String(script.body).matchAll(/from '\.\/js\/([a-z0-9-]+\.js)'/g)].map((m) => m[1]!);
    expect(pending.length).toBeGreaterThan(3);
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const module = await handler(httpEvent('GET', `/js/${file}`, '', {}), context);
      expect(module.statusCode, file).toBe(200);
      expect(module.headers?.['content-type']).toBe('text/javascript; charset=utf-8');
      for (const m of String(module.body).matchAll(/from '\.\/([a-z0-9-]+\.js)'/g)) pending.push(m[1]!);
    }
    expect([...seen].join(' ')).toContain('api.js');
    // Only web/js/*.js can be named: nothing else of the bundle or the disk.
    for (const path of ['/js/nope.js', '/js/..%2Fapp.js', '/js/..%2F..%2Fpackage.json', '/js/index.html'])
      expect((await handler(httpEvent('GET', path, '', {}), context)).statusCode, path).toBe(404);
  });
});
