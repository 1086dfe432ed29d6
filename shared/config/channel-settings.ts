import { ConfigError, configProblems } from './config-problems.ts';
import * as z from 'zod';

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const ChannelSettingsSchema = z
  .object({
    TWILIO_ACCOUNT_SID: optional(
      z.string().regex(/^AC[0-9a-fA-F]{32}$/, { error: 'must look like AC followed by 32 hex digits' }),
    ),
    TWILIO_AUTH_TOKEN: optional(
      z.string().min(8, { error: "looks too short for an auth token: copy it from the Twilio console's account page" }),
    ),
    TWILIO_FROM: optional(
      z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'must be an E.164 number like +15555550100' }),
    ),
    TWILIO_MESSAGING_SERVICE_SID: optional(
      z.string().regex(/^MG[0-9a-fA-F]{32}$/, { error: 'must look like MG followed by 32 hex digits' }),
    ),
    TWILIO_API_URL: z
      .url({ error: 'must be a URL, like https://api.twilio.com (the default)' })
      .default('https://api.twilio.com'),
    KEPT_PUBLIC_URL: optional(
      z.url({
        protocol: /^https?$/,
        error: 'must be the public base URL, like https://kept.example.com; unset it to use the local address',
      }),
    ),
    KEPT_EMAIL_FROM: optional(
      z.string().regex(/^(?:[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+|[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>)$/, {
        error: 'must be the sender address, like kept@your-domain.example or "Kept <kept@your-domain.example>"',
      }),
    ),
    KEPT_SES_CONFIGURATION_SET: optional(z.string().min(1).max(64)),
    KEPT_LINK_SECRET: optional(
      z.string().min(32, {
        error:
          'must be at least 32 characters (make one with: openssl rand -base64 32); unset it and kept start keeps one in the data folder',
      }),
    ),
    AWS_ENDPOINT_URL_SES: optional(z.url({ error: 'must be a URL, like http://localhost:8005 for a local SES' })),
    AWS_REGION: optional(z.string().min(1)),
    AWS_ACCESS_KEY_ID: optional(z.string().min(1)),
    AWS_PROFILE: optional(z.string().min(1)),
  })
  .superRefine((env, ctx) => {
    const twilio = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM ?? env.TWILIO_MESSAGING_SERVICE_SID];
    if (twilio.some(Boolean) && !twilio.every(Boolean)) {
      const missing = [
        !env.TWILIO_ACCOUNT_SID && 'TWILIO_ACCOUNT_SID',
        !env.TWILIO_AUTH_TOKEN && 'TWILIO_AUTH_TOKEN',
        !(env.TWILIO_FROM ?? env.TWILIO_MESSAGING_SERVICE_SID) && 'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID',
      ].filter(Boolean);
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `Twilio is partly configured: also set ${missing.join(', ')}, or unset every TWILIO_ variable to keep texts in the local outbox`,
      });
    }
    const sesCredentials = env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_ENDPOINT_URL_SES;
    if (env.KEPT_EMAIL_FROM && !sesCredentials) {
      ctx.addIssue({
        code: 'custom',
        path: ['KEPT_EMAIL_FROM'],
        message:
          'is set but SES has no credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID (or AWS_ENDPOINT_URL_SES for a local SES), or unset KEPT_EMAIL_FROM to keep email in the local outbox',
      });
    }
    if (!env.KEPT_EMAIL_FROM && env.KEPT_SES_CONFIGURATION_SET) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          'SES is partly configured: KEPT_SES_CONFIGURATION_SET is set but KEPT_EMAIL_FROM is not; set KEPT_EMAIL_FROM to the sender address, like kept@your-domain.example',
      });
    }
  });

export type ChannelSettings = z.output<typeof ChannelSettingsSchema>;

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

/** Reads the provider settings once; a bad or half-set variable fails with its name. */
export function readChannelSettings(env: NodeJS.ProcessEnv): ChannelSettings {
  const parsed = ChannelSettingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(configProblems(parsed.error, env));
  }
  return parsed.data;
}

export function twilioSettings(settings: ChannelSettings): TwilioSettings | null {
  if (!settings.TWILIO_ACCOUNT_SID || !settings.TWILIO_AUTH_TOKEN) return null;
  return {
    accountSid: settings.TWILIO_ACCOUNT_SID,
    authToken: settings.TWILIO_AUTH_TOKEN,
    from: settings.TWILIO_FROM,
    messagingServiceSid: settings.TWILIO_MESSAGING_SERVICE_SID,
    apiUrl: settings.TWILIO_API_URL.replace(/\/$/, ''),
  };
}

/** Real email needs a sender address and either AWS credentials or a local SES endpoint. */
export function sesSettings(settings: ChannelSettings): SesSettings | null {
  if (!settings.KEPT_EMAIL_FROM) return null;
  const hasCredentials = Boolean(settings.AWS_ACCESS_KEY_ID || settings.AWS_PROFILE || settings.AWS_ENDPOINT_URL_SES);
  if (!hasCredentials) return null;
  return {
    from: settings.KEPT_EMAIL_FROM,
    configurationSet: settings.KEPT_SES_CONFIGURATION_SET,
    endpoint: settings.AWS_ENDPOINT_URL_SES,
    region: settings.AWS_REGION ?? 'us-east-1',
  };
}
