import * as z from 'zod';
import { ConfigError, configProblems } from './config-problems.ts';
import {
  optional,
  SHARED_SETTINGS,
  sesProblems,
  twilioProblems,
  twilioSettings,
  wholeNumber,
  type TwilioSettings,
} from './settings.ts';

// An IP address or a host name; whether this machine has it is found out when listening.
const HOST_PATTERN = /^(?:[0-9a-fA-F:.]+|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*)$/;

/** What only `kept start` and the other `kept` commands read: where to listen and store, and secrets set directly. */
const LOCAL_ONLY = {
  KEPT_PORT: wholeNumber(
    0,
    65535,
    'must be a whole number from 0 to 65535, like 3000 (set by --port or KEPT_PORT)',
  ).default(3000),
  KEPT_HOST: z
    .string()
    .regex(HOST_PATTERN, {
      error: 'must be an address of this machine to listen on, like 127.0.0.1 (the default) or 0.0.0.0',
    })
    .default('127.0.0.1'),
  KEPT_DATA_DIR: z
    .string()
    .min(1, { error: 'must name a folder, like .kept (set by --data or KEPT_DATA_DIR)' })
    .default('.kept'),
  // Locally nobody is asked for help yet: a placeholder is fine (Lambda requires a real one).
  KEPT_SUPPORT_CONTACT: SHARED_SETTINGS.KEPT_SUPPORT_CONTACT.default('support@kept.example'),
  TWILIO_AUTH_TOKEN: optional(
    z.string().min(8, { error: "looks too short for an auth token: copy it from the Twilio console's account page" }),
  ),
  KEPT_LINK_SECRET: optional(
    z.string().min(32, {
      error:
        'must be at least 32 characters (make one with: openssl rand -base64 32); unset it and kept start keeps one in the data folder',
    }),
  ),
  AWS_ACCESS_KEY_ID: optional(z.string().min(1)),
  AWS_PROFILE: optional(z.string().min(1)),
};

const LocalSettingsSchema = z.object({ ...SHARED_SETTINGS, ...LOCAL_ONLY }).superRefine((env, ctx) => {
  const problem = (message: string) => ctx.addIssue({ code: 'custom', path: [], message });
  const token = { name: 'TWILIO_AUTH_TOKEN', set: Boolean(env.TWILIO_AUTH_TOKEN) };
  for (const message of twilioProblems(env, token, 'to keep texts in the local outbox')) problem(message);
  if (env.KEPT_EMAIL_FROM && !(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_ENDPOINT_URL_SES)) {
    ctx.addIssue({
      code: 'custom',
      path: ['KEPT_EMAIL_FROM'],
      message:
        'is set but SES has no credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID (or AWS_ENDPOINT_URL_SES for a local SES), or unset KEPT_EMAIL_FROM to keep email in the local outbox',
    });
  }
  for (const message of sesProblems(env)) problem(message);
});

export type LocalSettings = z.output<typeof LocalSettingsSchema>;

/**
 * Reads and checks every setting of the `kept` commands once, before anything is opened;
 * `--port` and `--data` override their variables. A bad value throws a ConfigError whose
 * lines name the variable and the fix.
 */
export function readLocalSettings(
  env: NodeJS.ProcessEnv = process.env,
  flags: { port?: string; data?: string } = {},
): LocalSettings {
  const merged = {
    ...env,
    ...(flags.port !== undefined ? { KEPT_PORT: flags.port } : {}),
    ...(flags.data !== undefined ? { KEPT_DATA_DIR: flags.data } : {}),
  };
  const parsed = LocalSettingsSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(configProblems(parsed.error, merged));
  return parsed.data;
}

/** Twilio locally: the auth token is a variable (in Lambda it is an SSM parameter). */
export const localTwilioSettings = (settings: LocalSettings): TwilioSettings | null =>
  twilioSettings(settings, settings.TWILIO_AUTH_TOKEN);
