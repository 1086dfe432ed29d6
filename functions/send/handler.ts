import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { sendDelivery } from '../../shared/delivery/send.ts';
import { parseDeliveryRef } from '../../shared/delivery/sqs-queue.ts';
import { lambdaLogger } from '../logger.ts';
import { lambdaClock, lambdaChannels, lambdaConfig, lambdaStore, linkSecret, withSecrets } from '../runtime.ts';
import { countFailedRecords, lambdaSendMetrics } from './send-metrics.ts';

const logger = lambdaLogger('kept-send');

/** Built at cold start and again when the secrets are re-read (SECRET_TTL_MS). */
const sendDeps = withSecrets(async () => {
  const c = lambdaConfig();
  const links =
    c.KEPT_EMAIL_FROM && c.KEPT_PUBLIC_URL ? { secret: await linkSecret(), publicUrl: c.KEPT_PUBLIC_URL } : undefined;
  return { store: lambdaStore(), channels: await lambdaChannels(), logger, links, metrics: lambdaSendMetrics };
});

/**
 * Every failed record is logged with its reason and counted, also when the whole batch fails
 * (the middleware then reports each record): otherwise failures only show as queue age.
 */
function reportFailure(reason: unknown, record: SQSRecord): void {
  logger.error('delivery failed; SQS will retry it', {
    messageId: record.messageId,
    receiveCount: record.attributes?.ApproximateReceiveCount,
    error: reason instanceof Error ? reason : new Error(String(reason)),
  });
}

async function countReported(request: { response?: unknown }): Promise<void> {
  const failures = (request.response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
  countFailedRecords(failures?.length ?? 0);
}

/** SQS batch: send each delivery; a failed record goes back to the queue alone (partial batch failure). */
export const handler = middy<SQSEvent>()
  .use(logger.withLambdaContext())
  // Listed first, so it runs after the partial-batch middleware has shaped the answer.
  .use({ after: countReported, onError: countReported })
  .use(sqsPartialBatchFailure({ logger: reportFailure }))
  .handler(async (event) => {
    const deps = await sendDeps();
    return Promise.allSettled(
      event.Records.map(async (record) => {
        const ref = parseDeliveryRef(record.body);
        if (!ref) {
          logger.error('queue message is not a delivery reference; dropped', { messageId: record.messageId });
          return 'dropped';
        }
        return sendDelivery(deps, ref, lambdaClock());
      }),
    );
  });
