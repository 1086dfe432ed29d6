import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import type { Clock } from '../shared/app-deps.ts';
import type { ChannelSet, Channel } from '../shared/channels/channel.ts';
import { OutboxChannel } from '../shared/channels/outbox-channel.ts';
import { SesEmailChannel } from '../shared/channels/ses-email-channel.ts';
import { TwilioSmsChannel } from '../shared/channels/twilio-sms-channel.ts';
import { localTwilioSettings, type LocalSettings } from '../shared/config/local-settings.ts';
import { sesSettings } from '../shared/config/settings.ts';
import { createRouter } from '../shared/http/router.ts';
import { SMS_WEBHOOK_PATH, STATUS_WEBHOOK_PATH, twilioRoutes } from '../shared/http/twilio-routes.ts';
import type { HttpRequest, HttpResponse } from '../shared/http/types.ts';
import { publicRoutes } from '../shared/http/public-routes.ts';
import { webRoutes } from './web-routes.ts';
import { unsubscribeToken, unsubscribeUrl } from '../shared/links/unsubscribe.ts';
import type { Store } from '../shared/store/store.ts';
import type { Logger } from '../shared/util/logger.ts';
import { maskAddress } from '../shared/util/privacy.ts';
import { LocalEngine } from './engine.ts';
import type { LocalSecrets } from './local-secrets.ts';
import { healthRoute, outboxRoutes } from './outbox-routes.ts';

/** Sends in flight at once in `kept start`: the providers answer in tens of milliseconds. */
const SEND_CONCURRENCY = 8;

export interface LocalComposition {
  engine: LocalEngine;
  outbox: OutboxChannel;
  handle: (request: HttpRequest) => Promise<HttpResponse>;
  /** One line per channel: what carries it in this process. */
  channelSummary: string[];
}

/**
 * The local runtime's composition root: which channel carries SMS and email (Twilio and SES
 * when configured, the outbox otherwise), and the HTTP routes. The Lambda entries wire the
 * same shared code with AWS adapters.
 */
export function composeLocal(input: {
  store: Store;
  settings: LocalSettings;
  secrets: LocalSecrets;
  publicUrl: string;
  logger: Logger;
  supportContact: string;
  now: Clock;
}): LocalComposition {
  const { store, settings, secrets, publicUrl, logger } = input;
  const { now } = input;
  const twilio = localTwilioSettings(settings);
  const ses = sesSettings(settings);
  const linkSecret = settings.KEPT_LINK_SECRET ?? secrets.linkSecret;
  const webhookToken = twilio?.authToken ?? secrets.webhookToken;
  const outbox = new OutboxChannel(store);
  const sms: Channel = twilio ? new TwilioSmsChannel(twilio, `${publicUrl}${STATUS_WEBHOOK_PATH}`) : outbox;
  const email: Channel = ses
    ? new SesEmailChannel(ses, (message) =>
        unsubscribeUrl(publicUrl, unsubscribeToken(linkSecret, message.pairId, message.recipientId, now())),
      )
    : outbox;
  const channels: ChannelSet = { sms, email };
  const engine = new LocalEngine({
    store,
    channels,
    logger,
    now,
    links: { secret: linkSecret, publicUrl },
    sendDuringTick: true,
    sendConcurrency: SEND_CONCURRENCY,
  });

  // The reply goes out after the webhook has answered: Twilio waits at most 15 seconds.
  const afterHandled = async () => {
    void engine.drain().catch((error) => logger.error('sending after a webhook failed; the queue retries', { error }));
  };
  const routes = [
    ...twilioRoutes({
      store,
      queue: engine.queue,
      logger,
      authToken: webhookToken,
      publicUrl,
      supportContact: input.supportContact,
      now,
      afterHandled,
    }),
    ...publicRoutes({
      store,
      queue: engine.queue,
      logger,
      secret: linkSecret,
      publicUrl,
      channels,
      supportContact: input.supportContact,
      now,
      afterAnswer: afterHandled,
    }),
    ...webRoutes(),
  ];
  // Answering from the outbox page posts to the real webhook route, signed with the configured
  // token: the local path is the production path.
  let sequence = 0;
  const answerAsPartner = async (from: string, body: string) => {
    const params = {
      From: from,
      Body: body,
      MessageSid: `SMlocal${now()}${sequence++}`,
      To: twilio?.from ?? '+15550000000',
      AccountSid: twilio?.accountSid ?? 'AClocal',
    };
    const signature = twilioWebhooks.getExpectedTwilioSignature(
      webhookToken,
      `${publicUrl}${SMS_WEBHOOK_PATH}`,
      params,
    );
    const response = await handle({
      method: 'POST',
      path: SMS_WEBHOOK_PATH,
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
      sourceIp: '127.0.0.1',
    });
    return { outcome: response.status === 200 ? 'handled' : `refused (${response.status})`, reply: null };
  };
  // The outbox is a channel, not a back door: its page and reply form exist only while it carries messages.
  const outboxServed =
    sms === outbox || email === outbox ? outboxRoutes(store, sms === outbox ? answerAsPartner : null) : [];
  const handle = createRouter([...routes, healthRoute, ...outboxServed], logger, {
    allowedOrigins: [new URL(publicUrl).origin],
  });
  return {
    engine,
    outbox,
    handle,
    channelSummary: [
      `sms   -> ${twilio ? `Twilio (${twilio.messagingServiceSid ? 'messaging service' : `from ${maskAddress(twilio.from!)}`}, ${twilio.apiUrl})` : 'local outbox (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM to send real texts)'}`,
      `email -> ${ses ? `SES (from ${ses.from}${ses.endpoint ? `, ${ses.endpoint}` : ''})` : 'local outbox (set KEPT_EMAIL_FROM and AWS credentials or AWS_ENDPOINT_URL_SES to send real email)'}`,
      "kinds: welcome, consent-request, ritual-reminder, checkin, ritual-checkin, affirmation, kept-notice, thanks-notice and summary go on each partner's channel; reply goes by SMS",
    ],
  };
}
