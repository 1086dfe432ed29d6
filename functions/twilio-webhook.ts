import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createRouter } from '../shared/http/router.ts';
import { SMS_WEBHOOK_PATH, twilioRoutes } from '../shared/http/twilio-routes.ts';
import { fromApiGateway, toApiGateway } from './http-adapter.ts';
import { lambdaLogger } from './logger.ts';
import { lambdaClock, lambdaConfig, lambdaQueue, lambdaStore, withSecrets, twilioAuthToken } from './runtime.ts';

/** A Lambda for one of Twilio's webhook routes: the signature is checked, then the shared handler runs. */
export function twilioWebhookHandler(path: string, serviceName: string) {
  const logger = lambdaLogger(serviceName);
  const router = withSecrets(async () => {
    const c = lambdaConfig();
    const routes = twilioRoutes({
      store: lambdaStore(),
      queue: lambdaQueue(),
      logger,
      authToken: await twilioAuthToken(),
      publicUrl: c.KEPT_PUBLIC_URL ?? '',
      supportContact: c.KEPT_SUPPORT_CONTACT,
      now: lambdaClock,
    }).filter((route) => route.path === path);
    return createRouter(routes, logger);
  });
  const metrics = new Metrics({ namespace: 'Kept', serviceName });
  return middy<APIGatewayProxyEventV2>()
    .use(logger.withLambdaContext())
    .handler(async (event) => {
      const response = await (await router())(fromApiGateway(event));
      // A text Twilio delivered to us and we accepted (signed, parsed): the inbound side of the volume.
      if (path === SMS_WEBHOOK_PATH && response.status === 200) {
        metrics.addMetric('InboundTexts', MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
      }
      return toApiGateway(response);
    });
}
