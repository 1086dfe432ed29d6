import { systemClock, type Clock } from '../shared/app-deps.ts';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Channel, ChannelSet } from '../shared/channels/channel.ts';
import { SesEmailChannel } from '../shared/channels/ses-email-channel.ts';
import { TwilioSmsChannel } from '../shared/channels/twilio-sms-channel.ts';
import { SqsDeliveryQueue } from '../shared/delivery/sqs-queue.ts';
import type { DeliveryQueue } from '../shared/delivery/queue.ts';
import { ConfigError } from '../shared/config/config-problems.ts';
import { readLambdaSettings, type LambdaSettings } from '../shared/config/lambda-settings.ts';
import { sesSettings, twilioSettings } from '../shared/config/settings.ts';
import { STATUS_WEBHOOK_PATH } from '../shared/http/twilio-routes.ts';
import { unsubscribeToken, unsubscribeUrl } from '../shared/links/unsubscribe.ts';
import { createDocumentClient } from '../shared/store/dynamo-client.ts';
import { createStore, type Store } from '../shared/store/store.ts';
import { cachedFor, SECRET_TTL_MS } from './cached.ts';
import { SDK_TIMEOUTS, secureParameter } from './secrets.ts';

/**
 * The Lambda composition root: AWS adapters for the shared code, built once per cold start.
 * Endpoints follow the SDK's own variables (AWS_ENDPOINT_URL_DYNAMODB, ..._SQS, ..._SES).
 */
/** The one clock of the Lambda runtime: every use case below gets it from here. */
export const lambdaClock: Clock = systemClock;

let config: LambdaSettings | undefined;
let store: Store | undefined;
let queue: DeliveryQueue | undefined;

/** Built at cold start and again every SECRET_TTL_MS: for anything made from a secret. */
export const withSecrets = <T>(build: () => Promise<T>): (() => Promise<T>) => cachedFor(SECRET_TTL_MS, build);

export function lambdaConfig(): LambdaSettings {
  config ??= readLambdaSettings();
  return config;
}

export function lambdaStore(): Store {
  const c = lambdaConfig();
  store ??= {
    ...createStore(createDocumentClient({ region: c.AWS_REGION }), c.TABLE_NAME, c.KEPT_SHARDS),
    transactions: true, // DynamoDB's TransactWriteItems
  };
  return store;
}

/** A setting only some functions are given, checked when one of them first needs it. */
function requiredSetting(name: 'QUEUE_URL' | 'TWILIO_AUTH_TOKEN_PARAM' | 'LINK_SECRET_PARAM'): string {
  const value = lambdaConfig()[name];
  if (!value) throw new ConfigError([`${name} must be set for this function (the stack sets it)`]);
  return value;
}

export function lambdaQueue(): DeliveryQueue {
  queue ??= new SqsDeliveryQueue(
    new SQSClient({ region: lambdaConfig().AWS_REGION, maxAttempts: 3, requestHandler: SDK_TIMEOUTS }),
    requiredSetting('QUEUE_URL'),
  );
  return queue;
}

export const twilioAuthToken = (): Promise<string> => secureParameter(requiredSetting('TWILIO_AUTH_TOKEN_PARAM'));

export const linkSecret = (): Promise<string> => secureParameter(requiredSetting('LINK_SECRET_PARAM'));

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
  const twilio = c.TWILIO_ACCOUNT_SID ? twilioSettings(c, await twilioAuthToken()) : null;
  const sms = twilio
    ? new TwilioSmsChannel(twilio, publicUrl ? `${publicUrl}${STATUS_WEBHOOK_PATH}` : undefined)
    : unavailable('SMS (TWILIO_ACCOUNT_SID)');
  const ses = sesSettings(c);
  const secret = ses ? await linkSecret() : '';
  const email = ses
    ? new SesEmailChannel(ses, (m) =>
        unsubscribeUrl(publicUrl, unsubscribeToken(secret, m.pairId, m.recipientId, lambdaClock())),
      )
    : unavailable('email (KEPT_EMAIL_FROM)');
  return { sms, email };
});
