import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SesSettings } from '../config/settings.ts';
import type { OutboundMessage } from '../model/message.ts';
import { renderEmailHtml } from '../messages/email-html.ts';
import { deliveryTag } from '../delivery/message-id.ts';
import {
  ChannelRefusal,
  PermanentChannelError,
  TransientChannelError,
  type Channel,
  type Reconciliation,
  type SendResult,
} from './channel.ts';
import { sesRefusal } from './refusals.ts';

/** Builds the signed one-click unsubscribe URL for a recipient (RFC 8058). */
export type UnsubscribeUrl = (message: OutboundMessage) => string;

/**
 * SES has no idempotency key. After an attempt of unknown outcome, Kept waits this long for
 * the configuration set's Send or Delivery event (tagged with the delivery) before it sends
 * again. The window that remains: an accepted email whose event takes longer is sent twice.
 */
export const SES_EVENT_WINDOW_MS = 10 * 60_000;

/** The header that carries the delivery tag: the local SES keeps headers (not tags) in its store. */
export const DELIVERY_HEADER = 'X-Kept-Delivery';

/**
 * Sends multipart (text + HTML) email through SES v2, with List-Unsubscribe headers.
 * The endpoint follows the SDK's own convention (AWS_ENDPOINT_URL_SES), so a local SES
 * stands in for tests and development.
 */
export class SesEmailChannel implements Channel {
  readonly transport = 'ses';
  private readonly client: SESv2Client;

  constructor(
    private readonly settings: SesSettings,
    private readonly unsubscribeUrl: UnsubscribeUrl,
    client?: SESv2Client,
  ) {
    this.client =
      client ??
      new SESv2Client({
        region: settings.region,
        ...(settings.endpoint
          ? { endpoint: settings.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
          : {}),
        // The SDK would resend after a 5xx or a timeout, when SES may already have taken the
        // email: Kept retries itself, after asking whether it went (reconcile).
        maxAttempts: 1,
        // Bounded: a slow SES fails the attempt (Kept's own retry follows) instead of the whole batch timing out.
        requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
      });
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const unsubscribe = this.unsubscribeUrl(message);
    const tag = deliveryTag(message.id);
    try {
      const result = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.settings.from,
          Destination: { ToAddresses: [message.to] },
          ConfigurationSetName: this.settings.configurationSet,
          Content: {
            Simple: {
              Subject: { Data: message.subject ?? 'Kept', Charset: 'UTF-8' },
              Body: {
                Text: { Data: `${message.body}\n\n--\nStop these emails: ${unsubscribe}`, Charset: 'UTF-8' },
                Html: { Data: renderEmailHtml(message, unsubscribe), Charset: 'UTF-8' },
              },
              Headers: [
                { Name: DELIVERY_HEADER, Value: tag },
                { Name: 'List-Unsubscribe', Value: `<${unsubscribe}>` },
                { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
              ],
            },
          },
          // The delivery tag comes back on the configuration set's events (ses-notifications.ts).
          EmailTags: [
            { Name: 'kind', Value: message.kind },
            { Name: 'delivery', Value: tag },
          ],
        }),
      );
      return { providerId: result.MessageId ?? `ses:${message.id}`, duplicate: false };
    } catch (error) {
      const refusal = sesRefusal((error as Error).name);
      const detail = `SES refused the message: ${(error as Error).message}`;
      if (refusal?.side === 'recipient') throw new PermanentChannelError(detail, refusal.code, { cause: error });
      if (refusal) throw new ChannelRefusal(detail, refusal.code, refusal.side, { cause: error });
      throw new TransientChannelError(`SES failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * An attempt of unknown outcome: the sender has already checked the delivery for a Send or
   * Delivery event. A local SES is asked directly (its store keeps the delivery header); real
   * SES only through events, so the answer is "wait" until the window has passed.
   */
  async reconcile(message: OutboundMessage, since: number, now: number): Promise<Reconciliation> {
    const local = this.settings.endpoint ? await this.lookUpLocally(message) : null;
    if (local) return local;
    return now < since + SES_EVENT_WINDOW_MS ? { pendingUntil: since + SES_EVENT_WINDOW_MS } : { absent: true };
  }

  /** aws-ses-v2-local's `GET /store`; null when the endpoint has no such store (a real SES endpoint). */
  private async lookUpLocally(message: OutboundMessage): Promise<Reconciliation | null> {
    try {
      const response = await fetch(`${this.settings.endpoint}/store`, { signal: AbortSignal.timeout(8_000) });
      if (!response.ok) return null;
      const { emails } = (await response.json()) as {
        emails: Array<{ messageId: string; headers?: Array<{ name: string; value: string }> }>;
      };
      const tag = deliveryTag(message.id);
      const found = emails.find((e) =>
        e.headers?.some((h) => h.name.toLowerCase() === DELIVERY_HEADER.toLowerCase() && h.value === tag),
      );
      return found ? { found: { providerId: found.messageId, duplicate: true } } : { absent: true };
    } catch {
      return null;
    }
  }
}
