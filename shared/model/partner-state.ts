import type { QuietHours } from './plan.ts';

export type ConsentStatus = 'pending' | 'confirmed' | 'declined';

/** A consent change with the words that caused it: the evidence of consent. */
export interface ConsentEvent {
  at: string;
  status: ConsentStatus;
  source: 'plan' | 'sms' | 'email-link' | 'api' | 'carrier';
  words?: string;
}

/** A partner as stored: the plan's profile plus what the partner controls by replying. */
export interface PartnerRecord {
  pairId: string;
  partnerId: string;
  name: string;
  phone?: string;
  email?: string;
  timezone: string;
  channel: 'sms' | 'email' | 'both';
  quietHours?: QuietHours;
  consent: ConsentStatus;
  consentLog: ConsentEvent[];
  smsOptedOut?: boolean;
  smsInvalid?: boolean;
  emailUndeliverable?: boolean;
  /** Unsubscribed from email by the one-click link. */
  emailUnsubscribed?: boolean;
  softBounces?: number;
  pausedUntil?: string;
  /** Which check-ins "1", "2", ... mean: those of the latest numbered message this partner got. */
  numbering?: { at: string; keys: string[] };
  profileHash: string;
  /** Which calendar feed URL works: rotating it makes every older URL stop working. */
  calendarVersion?: number;
}
