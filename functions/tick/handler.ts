import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { BatchingQueue } from '../../shared/delivery/batching-queue.ts';
import { tick } from '../../shared/delivery/tick.ts';
import { lambdaLogger } from '../logger.ts';
import { lambdaClock, lambdaQueue, lambdaStore } from '../runtime.ts';

const logger = lambdaLogger('kept-tick');

/**
 * EventBridge, every minute: plan what is due and hand it to the sender's queue, ten
 * deliveries per SQS request, stopping with a margin before the function's timeout (what is
 * left is still due, and the next tick takes it).
 */
export const handler = middy<ScheduledEvent>()
  .use(logger.withLambdaContext())
  .handler(async (_event, context) => {
    const queue = new BatchingQueue(lambdaQueue());
    const report = await tick(
      { store: lambdaStore(), queue, remainingMs: () => context.getRemainingTimeInMillis() },
      lambdaClock(),
    );
    logger.info('tick', { ...report, sqsBatches: queue.batches });
    if (report.stoppedEarly) logger.warn('tick stopped for its deadline; the next tick continues', { ...report });
    return report;
  });
