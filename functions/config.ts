import * as z from 'zod';

const LambdaConfigSchema = z.object({
  TABLE_NAME: z.string().min(3),
  QUEUE_URL: z.string().url().optional(),
  KEPT_SHARDS: z.coerce.number().int().min(1).max(256).default(8),
  KEPT_PUBLIC_URL: z.string().url().optional(),
  KEPT_EMAIL_FROM: z.string().min(3).optional(),
  KEPT_SES_CONFIGURATION_SET: z.string().optional(),
  /** Shown in HELP replies: the stack always sets it from the environment file, never a placeholder. */
  KEPT_SUPPORT_CONTACT: z.string().min(3),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().optional(),
  TWILIO_API_URL: z.string().url().default('https://api.twilio.com'),
  /** SSM SecureString names: secrets are read at cold start, never put in the environment. */
  TWILIO_AUTH_TOKEN_PARAM: z.string().optional(),
  LINK_SECRET_PARAM: z.string().optional(),
  AWS_REGION: z.string().default('us-east-1'),
});

export type LambdaConfig = z.output<typeof LambdaConfigSchema>;

/** Read once per cold start; a missing or bad variable fails the start with its name. */
export function readLambdaConfig(env: NodeJS.ProcessEnv = process.env): LambdaConfig {
  const parsed = LambdaConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `bad configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
