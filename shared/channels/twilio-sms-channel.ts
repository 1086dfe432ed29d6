import { EXPIRING_KINDS, MAX_LATENESS_MS, type OutboundMessage } from '../model/message.ts';
import type { TwilioSettings } from '../config/settings.ts';
import {
  ChannelRefusal,
  PermanentChannelError,
  TransientChannelError,
  type Channel,
  type Reconciliation,
  type SendResult,
} from './channel.ts';
import { twilioRefusal } from './refusals.ts';

/** What a recipient-side refusal means for the partner's number (see permanent-failure.ts). */
export const TWILIO_OPTED_OUT = 21610; // the recipient replied STOP at the carrier
export const TWILIO_INVALID_NUMBERS: ReadonlySet<number> = new Set([21211, 21614, 21217, 21612]);

const REQUEST_TIMEOUT_MS = 8_000;
const CLOCK_SKEW_MS = 5 * 60_000;
const MAX_VALIDITY_SECONDS = 36_000;
const DEFAULT_VALIDITY_SECONDS = 4 * 3600;

/**
 * Sends SMS through Twilio's Messages API over plain HTTPS (form-encoded, Basic auth).
 * Calling the REST endpoint directly keeps the Lambda bundle small: the twilio package's
 * root pulls in every Twilio API (~3.7 MB). `apiUrl` points tests at a local fake.
 */
export class TwilioSmsChannel implements Channel {
  readonly transport = 'twilio';

  constructor(
    private readonly settings: TwilioSettings,
    private readonly statusCallbackUrl?: string,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  private get auth(): string {
    return `Basic ${Buffer.from(`${this.settings.accountSid}:${this.settings.authToken}`).toString('base64')}`;
  }

  private get messagesUrl(): string {
    return `${this.settings.apiUrl}/2010-04-01/Accounts/${this.settings.accountSid}/Messages.json`;
  }

  /** A reminder stuck in Twilio's queue is dropped once it would be stale, not delivered hours late. */
  static validitySeconds(message: OutboundMessage, now: number): number {
    if (!EXPIRING_KINDS.has(message.kind)) return DEFAULT_VALIDITY_SECONDS;
    const left = Math.floor((message.dueAt + MAX_LATENESS_MS - now) / 1000);
    return Math.min(MAX_VALIDITY_SECONDS, Math.max(60, left));
  }

  async send(message: OutboundMessage, now: number): Promise<SendResult> {
    const form = new URLSearchParams({
      To: message.to,
      Body: message.body,
      ValidityPeriod: String(TwilioSmsChannel.validitySeconds(message, now)),
    });
    if (this.settings.messagingServiceSid) form.set('MessagingServiceSid', this.settings.messagingServiceSid);
    else form.set('From', this.settings.from!);
    if (this.statusCallbackUrl) form.set('StatusCallback', this.statusCallbackUrl);
    const response = await this.request(this.messagesUrl, { method: 'POST', body: form });
    const payload = (await response.json().catch(() => ({}))) as { sid?: string; code?: number; message?: string };
    if (response.ok && payload.sid) return { providerId: payload.sid, duplicate: false };
    throw classify(response.status, payload);
  }

  /**
   * After an attempt whose outcome is unknown (a crash or a timeout after the request went
   * out), looks for that message at Twilio instead of sending it again. Listed by recipient
   * only: a `DateSent` filter would hide messages still queued, which have no DateSent yet.
   */
  async reconcile(message: OutboundMessage, since: number): Promise<Reconciliation> {
    const query = new URLSearchParams({ To: message.to, PageSize: '50' });
    const response = await this.request(`${this.messagesUrl}?${query}`, { method: 'GET' });
    if (!response.ok) throw classify(response.status, await response.json().catch(() => ({})));
    const page = (await response.json()) as { messages?: Array<{ sid: string; body: string; date_created?: string }> };
    // Same number and text, created since the unknown attempt began (allowing for clock skew):
    // yesterday's identical check-in must not count as today's.
    const match = (page.messages ?? []).find(
      (m) =>
        m.body === message.body && m.date_created !== undefined && Date.parse(m.date_created) >= since - CLOCK_SKEW_MS,
    );
    return match ? { found: { providerId: match.sid, duplicate: true } } : { absent: true };
  }

  private async request(url: string, init: { method: string; body?: URLSearchParams }): Promise<Response> {
    try {
      return await fetch(url, {
        method: init.method,
        headers: {
          authorization: this.auth,
          ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          accept: 'application/json',
        },
        body: init.body?.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // The request may have reached Twilio and still be under way there.
      throw new TransientChannelError(`Twilio could not be reached: ${(error as Error).message}`, {
        cause: error,
        inFlight: true,
      });
    }
  }
}

function classify(status: number, payload: { code?: number; message?: string }): Error {
  const detail = `Twilio answered ${status}${payload.code ? ` (${payload.code})` : ''}: ${payload.message ?? 'no detail'}`;
  const refusal = twilioRefusal(status, payload.code);
  if (refusal?.side === 'recipient') return new PermanentChannelError(detail, refusal.code);
  if (refusal) return new ChannelRefusal(detail, refusal.code, refusal.side);
  // 5xx and codes not in the table: Twilio may or may not have taken it.
  return new TransientChannelError(detail);
}
