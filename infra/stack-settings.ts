import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

/** Text that must be present: when absent, the message says it is missing and what it is for. */
const text = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `missing: ${what}` : `must be text: ${what}`) });

const email = (what: string) => text(what).pipe(z.email({ error: `must be ${what}` }));

/**
 * One deployment environment, `deploy/<name>.json`: everything a deploy needs lives in the
 * repository (secrets only by their SSM parameter names), so a later deploy cannot silently
 * drop a setting that was only ever typed on a command line.
 */
export const DeployEnvironmentSchema = z.strictObject({
  $schema: z.string().optional(),
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, { error: 'must be a CloudFormation stack name' })
    .default('Kept'),
  account: z
    .string()
    .regex(/^\d{12}$/, { error: 'must be the 12-digit AWS account id' })
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region, like us-east-1' })
    .default('us-east-1'),
  emailFrom: email('the address Kept sends email from, at a domain you control (SES verifies the domain)'),
  mailFromSubdomain: z
    .string()
    .regex(/^[a-z0-9-]+$/, { error: 'must be one DNS label, like bounce' })
    .default('bounce'),
  alarmEmail: email('the address that receives the operator alarms'),
  supportContact: text('how a partner reaches you, shown in HELP replies (an address, a number or a URL)').min(3, {
    error: 'must be how a partner reaches you (HELP replies show it)',
  }),
  twilioAccountSid: text('the Twilio account SID (AC + 32 hex digits); the auth token goes to SSM').regex(
    /^AC[0-9a-fA-F]{32}$/,
    { error: 'must look like AC + 32 hex digits' },
  ),
  twilioFrom: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, { error: 'must be an E.164 number, like +15555550100' })
    .optional(),
  twilioMessagingServiceSid: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, { error: 'must look like MG + 32 hex digits' })
    .optional(),
  twilioAuthTokenParam: z
    .string()
    .startsWith('/', { error: 'must be an SSM parameter name' })
    .default('/kept/twilio-auth-token'),
  linkSecretParam: z.string().startsWith('/', { error: 'must be an SSM parameter name' }).default('/kept/link-secret'),
  publicUrl: z.url({ error: 'must be the public https URL (a custom domain)' }).optional(),
  sendConcurrency: z
    .number()
    .int()
    .min(2, { error: 'must be at least 2 (the SQS event source minimum)' })
    .max(1000)
    .default(2),
  logRetentionDays: z.number().int().default(90),
});

const NO_SENDER =
  'twilioFrom: missing: twilioFrom (an E.164 number) or twilioMessagingServiceSid (MG...), who texts come from';

export type DeployEnvironment = z.output<typeof DeployEnvironmentSchema>;

/** The environment as the stack sees it: the file's settings plus what the deploy decided. */
export interface StackSettings extends DeployEnvironment {
  /** Off until SES has verified the sending domain: see infra/deploy.ts. */
  tickEnabled: boolean;
}

export const environmentPath = (name: string): string =>
  fileURLToPath(new URL(`../deploy/${name}.json`, import.meta.url));

/** Every problem in an environment's settings, one line each, naming the field. */
export function environmentProblems(raw: unknown): string[] {
  const parsed = DeployEnvironmentSchema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
  const fields = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (fields.twilioFrom === undefined && fields.twilioMessagingServiceSid === undefined) problems.push(NO_SENDER);
  return problems;
}

/** Reads and validates `deploy/<name>.json`; a missing file or a bad field fails with every problem named. */
export function loadEnvironment(name: string): DeployEnvironment {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`environment name "${name}" must be lowercase letters, digits, -`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(environmentPath(name), 'utf8'));
  } catch (error) {
    throw new Error(`cannot read deploy/${name}.json: ${(error as Error).message}`);
  }
  const problems = environmentProblems(raw);
  if (problems.length > 0) {
    throw new Error(`deploy/${name}.json is not a complete environment:\n  ${problems.join('\n  ')}`);
  }
  return DeployEnvironmentSchema.parse(raw);
}
