import * as z from 'zod';
import { ConfigError, configProblems } from './config-problems.ts';
import { optional, SHARED_SETTINGS, sesProblems, twilioProblems } from './settings.ts';

/** What only the Lambda functions read: the AWS resources the stack made, and where secrets are kept. */
const LAMBDA_ONLY = {
  TABLE_NAME: z.string({ error: 'must be set: the DynamoDB table (the stack sets it)' }).min(3),
  /** Only the functions that queue deliveries get it; the others never read it. */
  QUEUE_URL: optional(z.url({ error: 'must be the SQS queue URL (the stack sets it)' })),
  /** SSM SecureString names: secrets are read at cold start, never put in the environment. */
  TWILIO_AUTH_TOKEN_PARAM: optional(z.string().min(1)),
  LINK_SECRET_PARAM: optional(z.string().min(1)),
};

const LambdaSettingsSchema = z.object({ ...SHARED_SETTINGS, ...LAMBDA_ONLY }).superRefine((env, ctx) => {
  const token = { name: 'TWILIO_AUTH_TOKEN_PARAM', set: Boolean(env.TWILIO_AUTH_TOKEN_PARAM) };
  // Every function gets the token's parameter name (the stack sets it), Twilio or not: only
  // the account and the sender say whether Twilio is meant.
  const meant = Boolean(env.TWILIO_ACCOUNT_SID ?? env.TWILIO_FROM ?? env.TWILIO_MESSAGING_SERVICE_SID);
  const twilio = meant ? twilioProblems(env, token, 'to send no texts') : [];
  for (const message of [...twilio, ...sesProblems(env)]) ctx.addIssue({ code: 'custom', path: [], message });
});

export type LambdaSettings = z.output<typeof LambdaSettingsSchema>;

/** The names a function's environment may hold (the stack's tests check it sets no others). */
export const LAMBDA_SETTING_NAMES: readonly string[] = Object.keys(LambdaSettingsSchema.shape);

/** Read once per cold start; a missing or bad variable fails the start with one line naming it. */
export function readLambdaSettings(env: NodeJS.ProcessEnv = process.env): LambdaSettings {
  const parsed = LambdaSettingsSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(configProblems(parsed.error, env));
  return parsed.data;
}
