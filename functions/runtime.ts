import { systemClock, type Clock } from '../shared/app-deps.ts';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Channel, ChannelSet } from '../shared/channels/channel.ts';
import { SesEmailChannel } from '../shared/channels/ses-email-channel.ts';
import { TwilioSmsChannel } from '../shared/channels/twilio-sms-channel.ts';
import { SqsDeliveryQueue } from '../shared/delivery/sqs-queue.ts';
import type { DeliveryQueue } from '../shared/delivery/queue.ts';
import { STATUS_WEBHOOK_PATH } from '../shared/http/twilio-routes.ts';
import { unsubscribeToken, unsubscribeUrl } from '../shared/links/unsubscribe.ts';
import { createDocumentClient } from '../shared/store/dynamo-client.ts';
import { createStore, type Store } from '../shared/store/store.ts';
import { readLambdaConfig, type LambdaConfig } from './config.ts';
import { cachedFor, SECRET_TTL_MS } from './cached.ts';
import { SDK_TIMEOUTS, secureParameter } from './secrets.ts';

/**
 * The Lambda composition root: AWS adapters for the shared code, built once per cold start.
 * Endpoints follow the SDK's own variables (AWS_ENDPOINT_URL_DYNAMODB, ..._SQS, ..._SES).
 */
/** The one clock of the Lambda runtime: every use case below gets it from here. */
export const lambdaClock: Clock = systemClock;

let config: LambdaConfig | undefined;
let store: Store | undefined;
let queue: DeliveryQueue | undefined;

/** Built at cold start and again every SECRET_TTL_MS: for anything made from a secret. */
export const withSecrets = <T>(build: () => Promise<T>): (() => Promise<T>) => cachedFor(SECRET_TTL_MS, build);

export function lambdaConfig(): LambdaConfig {
  config ??= readLambdaConfig();
  return config;
}

export function lambdaStore(): Store {
  const c = lambdaConfig();
  store ??= createStore(createDocumentClient({ region: c.AWS_REGION }), c.TABLE_NAME, c.KEPT_SHARDS);
  return store;
}

export function lambdaQueue(): DeliveryQueue {
  const c = lambdaConfig();
  if (!c.QUEUE_URL) throw new Error('bad configuration: QUEUE_URL is required by this function');
  queue ??= new SqsDeliveryQueue(
    new SQSClient({ region: c.AWS_REGION, maxAttempts: 3, requestHandler: SDK_TIMEOUTS }),
    c.QUEUE_URL,
  );
  return queue;
}

export async function twilioAuthToken(): Promise<string> {
  const c = lambdaConfig();
  if (!c.TWILIO_AUTH_TOKEN_PARAM)
    throw new Error('bad configuration: TWILIO_AUTH_TOKEN_PARAM is required by this function');
  return secureParameter(c.TWILIO_AUTH_TOKEN_PARAM);
}

export async function linkSecret(): Promise<string> {
  const c = lambdaConfig();
  if (!c.LINK_SECRET_PARAM) throw new Error('bad configuration: LINK_SECRET_PARAM is required by this function');
  return secureParameter(c.LINK_SECRET_PARAM);
}

const unavailable = (what: string): Channel => ({
  transport: 'none',
  send: async () => {
    throw new Error(`${what} is not configured`);
  },
});

/** The channels: Twilio for SMS, SES for email; rebuilt when the secrets are read again. */
export const lambdaChannels = withSecrets(async (): Promise<ChannelSet> => {
  const c = lambdaConfig();
  const publicUrl = c.KEPT_PUBLIC_URL ?? '';
  const sms = c.TWILIO_ACCOUNT_SID
    ? new TwilioSmsChannel(
        {
          accountSid: c.TWILIO_ACCOUNT_SID,
          authToken: await twilioAuthToken(),
          from: c.TWILIO_FROM,
          messagingServiceSid: c.TWILIO_MESSAGING_SERVICE_SID,
          apiUrl: c.TWILIO_API_URL,
        },
        publicUrl ? `${publicUrl}${STATUS_WEBHOOK_PATH}` : undefined,
      )
    : unavailable('SMS (TWILIO_ACCOUNT_SID)');
  const secret = c.KEPT_EMAIL_FROM ? await linkSecret() : '';
  const email = c.KEPT_EMAIL_FROM
    ? new SesEmailChannel(
        {
          from: c.KEPT_EMAIL_FROM,
          configurationSet: c.KEPT_SES_CONFIGURATION_SET,
          region: c.AWS_REGION,
          endpoint: process.env.AWS_ENDPOINT_URL_SES,
        },
        (m) => unsubscribeUrl(publicUrl, unsubscribeToken(secret, m.pairId, m.recipientId, lambdaClock())),
      )
    : unavailable('email (KEPT_EMAIL_FROM)');
  return { sms, email };
});
