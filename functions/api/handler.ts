import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createRouter } from '../../shared/http/router.ts';
import { unsubscribeRoutes } from '../../shared/http/unsubscribe-routes.ts';
import { fromApiGateway, toApiGateway } from '../http-adapter.ts';
import { lambdaLogger } from '../logger.ts';
import { lambdaChannels, lambdaConfig, lambdaQueue, lambdaStore, linkSecret } from '../runtime.ts';
import { apiRoutes } from '../../shared/api/api-routes.ts';
import { joinRoutes } from '../../shared/http/join-routes.ts';
import { checkInLinkRoutes } from '../../shared/http/checkin-link-routes.ts';

const logger = lambdaLogger('kept-api');

/** The HTTP API: links opened from email (unsubscribe), and the JSON API. */
export const handler = middy<APIGatewayProxyEventV2>().handler(async (event) => {
  const secret = await linkSecret();
  const c = lambdaConfig();
  const routes = [
    ...unsubscribeRoutes({ store: lambdaStore(), logger, linkSecret: secret }),
    ...checkInLinkRoutes({ store: lambdaStore(), queue: lambdaQueue(), logger, linkSecret: secret }),
    ...joinRoutes({ store: lambdaStore(), queue: lambdaQueue(), logger, linkSecret: secret }),
    ...apiRoutes({
      store: lambdaStore(),
      queue: lambdaQueue(),
      logger,
      secret,
      publicUrl: c.KEPT_PUBLIC_URL ?? '',
      channels: await lambdaChannels(),
      supportContact: c.KEPT_SUPPORT_CONTACT,
    }),
  ];
  return toApiGateway(await createRouter(routes, logger)(fromApiGateway(event)));
});
