import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSEvent } from 'aws-lambda';
import { sendDelivery } from '../../shared/delivery/send.ts';
import { parseDeliveryRef } from '../../shared/delivery/sqs-queue.ts';
import { lambdaLogger } from '../logger.ts';
import { lambdaChannels, lambdaConfig, lambdaStore, linkSecret, once } from '../runtime.ts';
import { emitLateness } from './lateness.ts';

const logger = lambdaLogger('kept-send');

/** Built once per cold start: channels and the link secret are read then. */
const sendDeps = once(async () => {
  const c = lambdaConfig();
  const links =
    c.KEPT_EMAIL_FROM && c.KEPT_PUBLIC_URL ? { secret: await linkSecret(), publicUrl: c.KEPT_PUBLIC_URL } : undefined;
  return {
    store: lambdaStore(),
    channels: await lambdaChannels(),
    logger,
    links,
    recordLateness: (ms: number) => emitLateness(ms),
  };
});

/** SQS batch: send each delivery; a failed record goes back to the queue alone (partial batch failure). */
export const handler = middy<SQSEvent>()
  .use(sqsPartialBatchFailure({ logger: () => {} }))
  .handler(async (event) => {
    const deps = await sendDeps();
    return Promise.allSettled(
      event.Records.map(async (record) => {
        const ref = parseDeliveryRef(record.body);
        if (!ref) {
          logger.error('queue message is not a delivery reference; dropped', { messageId: record.messageId });
          return 'dropped';
        }
        return sendDelivery(deps, ref, Date.now());
      }),
    );
  });
