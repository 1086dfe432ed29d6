import type { DeployEnvironment } from './stack-settings.ts';

/** RFC 2606 / RFC 6761 names: they never belong to anyone, so mail to them reaches no one. */
const RESERVED_HOST = /(^|\.)(example|test|invalid|localhost)$|(^|\.)example\.(com|net|org)$/i;
const PLACEHOLDER_SID = /^(AC|MG)0{32}$/;

function hostOf(value: string): string | undefined {
  if (value.includes('@')) return value.split('@').pop();
  try {
    return new URL(value).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Settings a real deploy must not carry: example domains (the committed `example`
 * environment's, or `support@kept.example` in HELP replies) and all-zero Twilio SIDs.
 */
export function placeholderProblems(env: DeployEnvironment): string[] {
  const problems: string[] = [];
  const addresses = {
    emailFrom: env.emailFrom,
    alarmEmail: env.alarmEmail,
    supportContact: env.supportContact,
    publicUrl: env.publicUrl,
  };
  for (const [field, value] of Object.entries(addresses)) {
    const host = value ? hostOf(value) : undefined;
    if (host && RESERVED_HOST.test(host)) problems.push(`${field}: ${host} is a reserved example domain; use your own`);
  }
  for (const field of ['twilioAccountSid', 'twilioMessagingServiceSid'] as const) {
    const value = env[field];
    if (value && PLACEHOLDER_SID.test(value)) problems.push(`${field}: all zeros is a placeholder; use your own SID`);
  }
  return problems;
}

/** The domain SES must verify before anything is sent: the part of emailFrom after the @. */
export const sendingDomain = (env: DeployEnvironment): string => env.emailFrom.split('@').pop()!;
