import { SMS_WEBHOOK_PATH } from '../../shared/http/twilio-routes.ts';
import { twilioWebhookHandler } from '../twilio-webhook.ts';

/** POST /webhooks/twilio/sms: signature checked, the reply loop, a TwiML answer. */
export const handler = twilioWebhookHandler(SMS_WEBHOOK_PATH, 'kept-twilio-sms');
