import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { tick } from '../../shared/delivery/tick.ts';
import { lambdaLogger } from '../logger.ts';
import { lambdaQueue, lambdaStore } from '../runtime.ts';

const logger = lambdaLogger('kept-tick');

/** EventBridge, every minute: plan what is due and hand it to the sender's queue. */
export const handler = middy<ScheduledEvent>()
  .use(logger.withLambdaContext())
  .handler(async () => {
    const report = await tick({ store: lambdaStore(), queue: lambdaQueue() }, Date.now());
    logger.info('tick', { ...report });
    return report;
  });
