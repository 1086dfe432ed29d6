import * as z from 'zod';

/**
 * The settings both runtimes share (`kept start` and the Lambda functions), each named, checked
 * and explained once. The runtime readers add their own few (local-settings.ts,
 * lambda-settings.ts); the README's Configuration table lists the same names.
 */

/** An unset and an empty variable mean the same: not configured. */
export const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** A whole number in a range; every way of getting it wrong gets the same sentence. */
export const wholeNumber = (min: number, max: number, sentence: string) =>
  z.coerce
    .number({ error: sentence })
    .int({ error: sentence })
    .min(min, { error: sentence })
    .max(max, { error: sentence });

const EMAIL_SENDER = /^(?:[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+|[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>)$/;

export const SHARED_SETTINGS = {
  /** Shards of the due index: the same number for every reader and writer of one table. */
  KEPT_SHARDS: wholeNumber(1, 256, 'must be a whole number from 1 to 256 (the default is 8)').default(8),
  /** Shown in HELP replies. Required in Lambda (the stack sets it); `kept start` has a placeholder. */
  KEPT_SUPPORT_CONTACT: z.string({ error: 'must be set: an address people can write to' }).min(1, {
    error: 'must not be empty: an address people can write to',
  }),
  /** The public base URL: Twilio signs requests over it, links in email point at it. */
  KEPT_PUBLIC_URL: optional(
    z.url({
      protocol: /^https?$/,
      error: 'must be the public base URL, like https://kept.example.com; unset it to use the local address',
    }),
  ),
  /** Real email through SES from this sender; unset, email stays in the local outbox. */
  KEPT_EMAIL_FROM: optional(
    z.string().regex(EMAIL_SENDER, {
      error: 'must be the sender address, like kept@your-domain.example or "Kept <kept@your-domain.example>"',
    }),
  ),
  /** The SES configuration set whose events report bounces and complaints. */
  KEPT_SES_CONFIGURATION_SET: optional(z.string().min(1).max(64)),
  /** Real SMS through Twilio: the account, and the sending number or messaging service. */
  TWILIO_ACCOUNT_SID: optional(
    z.string().regex(/^AC[0-9a-fA-F]{32}$/, { error: 'must look like AC followed by 32 hex digits' }),
  ),
  TWILIO_FROM: optional(z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'must be an E.164 number like +15555550100' })),
  TWILIO_MESSAGING_SERVICE_SID: optional(
    z.string().regex(/^MG[0-9a-fA-F]{32}$/, { error: 'must look like MG followed by 32 hex digits' }),
  ),
  /** Twilio's API base URL; tests point it at a local fake. */
  TWILIO_API_URL: z
    .url({ error: 'must be a URL, like https://api.twilio.com (the default)' })
    .default('https://api.twilio.com'),
  /** The AWS SDK's own variables: the region, and an SES endpoint (a local SES in tests). */
  AWS_REGION: optional(z.string().min(1)).transform((region) => region ?? 'us-east-1'),
  AWS_ENDPOINT_URL_SES: optional(z.url({ error: 'must be a URL, like http://localhost:8005 for a local SES' })),
};

type Shared = z.output<z.ZodObject<typeof SHARED_SETTINGS>>;

/** A configuration set without a sender is a half-done SES set-up, in either runtime. */
export function sesProblems(settings: Shared): string[] {
  return !settings.KEPT_EMAIL_FROM && settings.KEPT_SES_CONFIGURATION_SET
    ? [
        'SES is partly configured: KEPT_SES_CONFIGURATION_SET is set but KEPT_EMAIL_FROM is not; set KEPT_EMAIL_FROM to the sender address, like kept@your-domain.example',
      ]
    : [];
}

/**
 * Twilio needs an account, its auth token and a sender (a number or a messaging service):
 * with only some of them set, every text would fail at send time. `token` is where the
 * runtime takes the auth token from: the variable itself locally, its SSM parameter's name in
 * Lambda; `withoutTwilio` says what unsetting them all means there.
 */
export function twilioProblems(
  settings: Shared,
  token: { name: string; set: boolean },
  withoutTwilio: string,
): string[] {
  const sender = settings.TWILIO_FROM ?? settings.TWILIO_MESSAGING_SERVICE_SID;
  const parts = [settings.TWILIO_ACCOUNT_SID, token.set, sender];
  if (!parts.some(Boolean) || parts.every(Boolean)) return [];
  const missing = [
    !settings.TWILIO_ACCOUNT_SID && 'TWILIO_ACCOUNT_SID',
    !token.set && token.name,
    !sender && 'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID',
  ].filter(Boolean);
  return [
    `Twilio is partly configured: also set ${missing.join(', ')}, or unset every TWILIO_ variable ${withoutTwilio}`,
  ];
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from?: string;
  messagingServiceSid?: string;
  apiUrl: string;
}

export interface SesSettings {
  from: string;
  configurationSet?: string;
  endpoint?: string;
  region: string;
}

/** What the Twilio channel needs; the auth token comes from the runtime (a variable, or SSM in Lambda). */
export function twilioSettings(settings: Shared, authToken: string | undefined): TwilioSettings | null {
  if (!settings.TWILIO_ACCOUNT_SID || !authToken) return null;
  return {
    accountSid: settings.TWILIO_ACCOUNT_SID,
    authToken,
    from: settings.TWILIO_FROM,
    messagingServiceSid: settings.TWILIO_MESSAGING_SERVICE_SID,
    apiUrl: settings.TWILIO_API_URL.replace(/\/$/, ''),
  };
}

/** What the SES channel needs, when a sender is set. */
export function sesSettings(settings: Shared): SesSettings | null {
  if (!settings.KEPT_EMAIL_FROM) return null;
  return {
    from: settings.KEPT_EMAIL_FROM,
    configurationSet: settings.KEPT_SES_CONFIGURATION_SET,
    endpoint: settings.AWS_ENDPOINT_URL_SES,
    region: settings.AWS_REGION,
  };
}
