/**
 * Every provider refusal Kept knows, in one table, by whose it is to fix:
 * - `recipient`: the number or address (invalid, landline, opted out at the carrier, bounced):
 *   the recipient is marked and the message goes by the other channel, in full.
 * - `sender`: ours or the account's (unverified sender, unregistered traffic, bad credentials,
 *   paused account): never recorded as sent; retried with back-off, then the delivery `failed`.
 * - `throttle`: the provider asks us to slow down: retried with back-off.
 * A code not in the table is treated as a passing failure (retried by the queue).
 */
export type RefusalSide = 'recipient' | 'sender' | 'throttle';

export interface Refusal {
  side: RefusalSide;
  meaning: string;
}

export const TWILIO_REFUSALS: Readonly<Record<string, Refusal>> = {
  '21211': { side: 'recipient', meaning: "invalid 'To' number" },
  '21217': { side: 'recipient', meaning: 'not a valid phone number' },
  '21612': { side: 'recipient', meaning: 'no route to this number' },
  '21614': { side: 'recipient', meaning: 'not a mobile number (landline)' },
  '21610': { side: 'recipient', meaning: 'opted out at the carrier (STOP)' },
  '30003': { side: 'recipient', meaning: 'handset unreachable' },
  '30004': { side: 'recipient', meaning: 'blocked by the recipient' },
  '30005': { side: 'recipient', meaning: 'unknown or inactive number' },
  '30006': { side: 'recipient', meaning: 'landline or unreachable carrier' },
  '21606': { side: 'sender', meaning: "the 'From' number cannot send this message" },
  '21408': { side: 'sender', meaning: 'sending to this region is not enabled on the account' },
  '20003': { side: 'sender', meaning: 'authentication failed (account SID or token)' },
  '30034': { side: 'sender', meaning: 'unregistered 10DLC traffic' },
  '30007': { side: 'sender', meaning: 'filtered by the carrier (content or registration)' },
  '20429': { side: 'throttle', meaning: 'too many requests' },
};

export const SES_REFUSALS: Readonly<Record<string, Refusal>> = {
  MessageRejected: { side: 'sender', meaning: 'rejected: unverified identity or sandbox' },
  AccountSendingPausedException: { side: 'sender', meaning: 'sending paused for the account' },
  SendingPausedException: { side: 'sender', meaning: 'sending paused for the configuration set' },
  MailFromDomainNotVerifiedException: { side: 'sender', meaning: 'MAIL FROM domain not verified' },
  AccountSuspendedException: { side: 'sender', meaning: 'account suspended' },
  NotFoundException: { side: 'sender', meaning: 'configuration set or identity not found' },
  BadRequestException: { side: 'sender', meaning: 'request SES cannot accept' },
  TooManyRequestsException: { side: 'throttle', meaning: 'too many requests' },
  LimitExceededException: { side: 'throttle', meaning: 'sending quota or rate exceeded' },
  ThrottlingException: { side: 'throttle', meaning: 'throttled' },
  // Known only later, through the configuration set's events (ses-notifications.ts).
  'Bounce:Permanent': { side: 'recipient', meaning: 'hard bounce' },
  Complaint: { side: 'recipient', meaning: 'complaint' },
};

/** Twilio: the error code when there is one, else the HTTP status (429, 401, 403). */
export function twilioRefusal(status: number, code: number | undefined): (Refusal & { code: string }) | null {
  if (code !== undefined && TWILIO_REFUSALS[String(code)])
    return { code: String(code), ...TWILIO_REFUSALS[String(code)]! };
  if (status === 429) return { code: '429', side: 'throttle', meaning: 'too many requests' };
  if (status === 401 || status === 403) return { code: String(status), side: 'sender', meaning: 'not authorised' };
  return null;
}

export function sesRefusal(name: string): (Refusal & { code: string }) | null {
  return SES_REFUSALS[name] ? { code: name, ...SES_REFUSALS[name]! } : null;
}
