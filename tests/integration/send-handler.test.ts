import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAwsFake } from '../helpers/aws-fake.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
let aws: Awaited<ReturnType<typeof startAwsFake>>;
const context = { awsRequestId: 'req-1', functionName: 'send', getRemainingTimeInMillis: () => 30_000 } as Context;

beforeAll(async () => {
  const store = await embedded.fresh(8);
  aws = await startAwsFake({}); // no secrets at all: building the sender fails
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: embedded.endpoint(),
    AWS_ENDPOINT_URL_SSM: aws.url,
    TABLE_NAME: store.tableName,
    KEPT_PUBLIC_URL: 'https://kept.example.com',
    KEPT_EMAIL_FROM: 'kept@kept.example.com',
    LINK_SECRET_PARAM: '/kept/link-secret',
    KEPT_SUPPORT_CONTACT: 'help@couple-support.example.org',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_DEV: 'true', // logs and metrics through the global console, where the test reads them
    POWERTOOLS_METRICS_DISABLED: 'false', // dev mode would otherwise switch metrics off
  });
});
afterAll(async () => {
  await aws.close();
  await embedded.stop();
});

const record = (id: string): SQSRecord =>
  ({
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: JSON.stringify({ pairId: 'sam-alex', deliveryKey: `DLV#2026-11-27T01:00:00Z#checkin:${id}` }),
    attributes: { ApproximateReceiveCount: '2' },
    messageAttributes: {},
  }) as unknown as SQSRecord;

describe('the send function, when it fails', () => {
  it('a whole-batch failure reports every record, logs each with its reason, and counts them', async () => {
    const lines: string[] = [];
    const keep = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    };
    const spies = (['log', 'info', 'warn', 'error'] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation(keep),
    );
    try {
      const { handler } = await import('../../functions/send/handler.ts');
      const event: SQSEvent = { Records: [record('a'), record('b')] };
      const result = await handler(event, context);
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const logged = lines.filter((l) => l.includes('delivery failed; SQS will retry it')).map((l) => JSON.parse(l));
    expect(logged.map((l) => l.messageId)).toEqual(['a', 'b']);
    for (const line of logged) expect(JSON.stringify(line.error)).toMatch(/link-secret|ParameterNotFound|not found/i);
    const metric = lines.find((l) => l.includes('"SendRecordsFailed"'));
    expect(JSON.parse(metric!)).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'Kept', Metrics: [{ Name: 'SendRecordsFailed', Unit: 'Count' }] }] },
      service: 'kept-send',
      SendRecordsFailed: 2,
    });
  });
});
