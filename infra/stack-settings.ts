import type { App } from 'aws-cdk-lib';
import * as z from 'zod';

/** Deployment settings from CDK context (`-c key=value`) or the environment; checked once. */
const StackSettingsSchema = z.object({
  stackName: z.string().min(1).default('Kept'),
  emailFrom: z.string().email({ error: 'emailFrom must be the address Kept sends from' }).optional(),
  alarmEmail: z.string().email({ error: 'alarmEmail must be an email address for alarms' }).optional(),
  twilioAccountSid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, { error: 'twilioAccountSid must look like AC + 32 hex digits' })
    .optional(),
  twilioFrom: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, { error: 'twilioFrom must be an E.164 number' })
    .optional(),
  twilioMessagingServiceSid: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/)
    .optional(),
  twilioAuthTokenParam: z.string().startsWith('/').default('/kept/twilio-auth-token'),
  linkSecretParam: z.string().startsWith('/').default('/kept/link-secret'),
  publicUrl: z.string().url().optional(),
  supportContact: z.string().min(1).default('support@kept.example'),
  sendConcurrency: z.coerce
    .number()
    .int()
    .min(2, { error: 'sendConcurrency must be at least 2 (the SQS event source minimum)' })
    .max(1000)
    .default(2),
  logRetentionDays: z.coerce.number().int().default(90),
});

export type StackSettings = z.output<typeof StackSettingsSchema>;

export function readStackSettings(app: App): StackSettings {
  const keys = Object.keys(StackSettingsSchema.shape) as Array<keyof StackSettings>;
  const raw = Object.fromEntries(
    keys.map((key) => [
      key,
      app.node.tryGetContext(key) ?? process.env[`KEPT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`],
    ]),
  );
  const parsed = StackSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `bad deployment settings:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`,
    );
  }
  return parsed.data;
}
