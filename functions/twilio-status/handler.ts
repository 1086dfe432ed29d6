import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createRouter } from '../../shared/http/router.ts';
import { STATUS_WEBHOOK_PATH, twilioRoutes } from '../../shared/http/twilio-routes.ts';
import { fromApiGateway, toApiGateway } from '../http-adapter.ts';
import { lambdaLogger } from '../logger.ts';
import { lambdaConfig, lambdaQueue, lambdaStore, twilioAuthToken } from '../runtime.ts';

const logger = lambdaLogger('kept-twilio-status');

/** POST /webhooks/twilio/status: signature checked, message log updated, email fallback. */
export const handler = middy<APIGatewayProxyEventV2>().handler(async (event) => {
  const c = lambdaConfig();
  const routes = twilioRoutes({
    store: lambdaStore(),
    queue: lambdaQueue(),
    logger,
    authToken: await twilioAuthToken(),
    publicUrl: c.KEPT_PUBLIC_URL ?? '',
    supportContact: c.KEPT_SUPPORT_CONTACT,
  }).filter((route) => route.path === STATUS_WEBHOOK_PATH);
  return toApiGateway(await createRouter(routes, logger)(fromApiGateway(event)));
});
