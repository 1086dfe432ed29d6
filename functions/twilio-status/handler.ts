import { STATUS_WEBHOOK_PATH } from '../../shared/http/twilio-routes.ts';
import { twilioWebhookHandler } from '../twilio-webhook.ts';

/** POST /webhooks/twilio/status: signature checked, the message log updated, an email fallback. */
export const handler = twilioWebhookHandler(STATUS_WEBHOOK_PATH, 'kept-twilio-status');
