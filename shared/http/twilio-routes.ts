import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import type { AppDeps } from '../app-deps.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { handleInboundSms } from '../replies/handle-reply.ts';
import { handleTwilioStatus } from '../replies/twilio-status.ts';
import { isForm, parseForm } from './form.ts';
import { errorResponse, type HttpRequest, type HttpResponse, type Route } from './types.ts';

export const SMS_WEBHOOK_PATH = '/webhooks/twilio/sms';
export const STATUS_WEBHOOK_PATH = '/webhooks/twilio/status';

export interface TwilioRouteDeps extends AppDeps {
  queue: DeliveryQueue;
  authToken: string;
  /** The public base URL Twilio calls (KEPT_PUBLIC_URL); the signature covers it. */
  publicUrl: string;
  supportContact: string;
  /** Called after a message was handled (the local runtime sends the reply at once). */
  afterHandled?: () => Promise<void>;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const twiml = (): HttpResponse => ({
  status: 200,
  headers: { 'content-type': 'text/xml; charset=utf-8' },
  body: EMPTY_TWIML,
});

/**
 * Checks X-Twilio-Signature against the URL Twilio called and the form parameters, with the
 * twilio library's own validator (it also accepts the URL with and without an explicit :443).
 */
export function isSignedByTwilio(
  request: HttpRequest,
  authToken: string,
  publicUrl: string,
  params: Record<string, string>,
): boolean {
  const signature = request.headers['x-twilio-signature'];
  if (!signature) return false;
  const query = request.query.toString();
  const url = `${publicUrl.replace(/\/$/, '')}${request.path}${query ? `?${query}` : ''}`;
  return twilioWebhooks.validateRequest(authToken, signature, url, params);
}

function readSigned(request: HttpRequest, deps: TwilioRouteDeps): { params: Record<string, string> } | HttpResponse {
  if (!isForm(request.headers['content-type'])) {
    return errorResponse(415, 'unsupported_media_type', 'Twilio webhooks are application/x-www-form-urlencoded');
  }
  const params = parseForm(request.body);
  if (!isSignedByTwilio(request, deps.authToken, deps.publicUrl, params)) {
    deps.logger.warn('webhook with a missing or wrong signature refused', { path: request.path });
    return errorResponse(403, 'bad_signature', 'The request is not signed by Twilio');
  }
  return { params };
}

/** The inbound SMS webhook and the delivery status callback. */
export function twilioRoutes(deps: TwilioRouteDeps): Route[] {
  const { now } = deps;
  return [
    {
      method: 'POST',
      path: SMS_WEBHOOK_PATH,
      authorizedBy: 'signature',
      handle: async (request) => {
        const signed = readSigned(request, deps);
        if (!('params' in signed)) return signed;
        const { params } = signed;
        if (!params.MessageSid || !params.From)
          return errorResponse(
            400,
            'missing_fields',
            'MessageSid and From are required',
            params.MessageSid ? 'From' : 'MessageSid',
          );
        const optOut = params.OptOutType?.toUpperCase();
        await handleInboundSms(deps, {
          from: params.From,
          body: params.Body ?? '',
          messageId: params.MessageSid,
          receivedAt: now(),
          optOutType: optOut === 'STOP' || optOut === 'START' || optOut === 'HELP' ? optOut : undefined,
        });
        await deps.afterHandled?.();
        // The reply (if any) goes out through the sender, like every other message.
        return twiml();
      },
    },
    {
      method: 'POST',
      path: STATUS_WEBHOOK_PATH,
      authorizedBy: 'signature',
      handle: async (request) => {
        const signed = readSigned(request, deps);
        if (!('params' in signed)) return signed;
        const { params } = signed;
        if (!params.MessageSid || !params.MessageStatus)
          return errorResponse(400, 'missing_fields', 'MessageSid and MessageStatus are required');
        await handleTwilioStatus(
          deps,
          {
            MessageSid: params.MessageSid,
            MessageStatus: params.MessageStatus,
            ErrorCode: params.ErrorCode || undefined,
          },
          now(),
        );
        await deps.afterHandled?.();
        return { status: 204 };
      },
    },
  ];
}
