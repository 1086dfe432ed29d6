import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SesSettings } from '../config/channel-settings.ts';
import type { OutboundMessage } from '../model/message.ts';
import { renderEmailHtml } from '../messages/email-html.ts';
import { PermanentChannelError, TransientChannelError, type Channel, type SendResult } from './channel.ts';

/** Builds the signed one-click unsubscribe URL for a recipient (RFC 8058). */
export type UnsubscribeUrl = (message: OutboundMessage) => string;

const PERMANENT_SES_ERRORS = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'BadRequestException',
  'NotFoundException',
]);

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
        maxAttempts: 3,
      });
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const unsubscribe = this.unsubscribeUrl(message);
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
                { Name: 'List-Unsubscribe', Value: `<${unsubscribe}>` },
                { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
              ],
            },
          },
          EmailTags: [{ Name: 'kind', Value: message.kind }],
        }),
      );
      return { providerId: result.MessageId ?? `ses:${message.id}`, duplicate: false };
    } catch (error) {
      const name = (error as Error).name;
      if (PERMANENT_SES_ERRORS.has(name))
        throw new PermanentChannelError(`SES refused the message: ${(error as Error).message}`, name, { cause: error });
      throw new TransientChannelError(`SES failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
