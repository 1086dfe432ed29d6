import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { handleSesNotification } from '../../shared/replies/ses-notifications.ts';
import { lambdaLogger } from '../logger.ts';
import { lambdaClock, lambdaStore } from '../runtime.ts';

const logger = lambdaLogger('kept-ses-notifications');

/** SNS from the SES configuration set: bounces and complaints stop email to that address. */
export const handler = middy<SNSEvent>()
  .use(logger.withLambdaContext())
  .handler(async (event) => {
    const outcomes = [];
    for (const record of event.Records)
      outcomes.push(await handleSesNotification({ store: lambdaStore(), logger }, record.Sns.Message, lambdaClock()));
    return outcomes;
  });
