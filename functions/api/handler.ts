import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createRouter } from '../../shared/http/router.ts';
import { publicRoutes } from '../../shared/http/public-routes.ts';
import { webRoutes } from '../../shared/http/web-routes.ts';
import { fromApiGateway, toApiGateway } from '../http-adapter.ts';
import { lambdaLogger } from '../logger.ts';
import { readWebFile } from './web-files.ts';
import {
  lambdaClock,
  lambdaChannels,
  lambdaConfig,
  lambdaQueue,
  lambdaStore,
  linkSecret,
  withSecrets,
} from '../runtime.ts';

const logger = lambdaLogger('kept-api');

/** Built at cold start and again when the secrets are re-read (SECRET_TTL_MS). */
const router = withSecrets(async () => {
  const c = lambdaConfig();
  const routes = publicRoutes({
    store: lambdaStore(),
    queue: lambdaQueue(),
    logger,
    secret: await linkSecret(),
    publicUrl: c.KEPT_PUBLIC_URL ?? '',
    channels: await lambdaChannels(),
    supportContact: c.KEPT_SUPPORT_CONTACT,
    now: lambdaClock,
  });
  return createRouter([...routes, ...webRoutes(readWebFile)], logger);
});

/** The HTTP API: the dashboard, links opened from email, and the JSON API (one origin). */
export const handler = middy<APIGatewayProxyEventV2>()
  .use(logger.withLambdaContext())
  .handler(async (event) => toApiGateway(await (await router())(fromApiGateway(event))));
