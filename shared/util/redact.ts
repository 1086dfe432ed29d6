import { maskEmail, maskPhone } from './privacy.ts';

// Phone numbers, plain or URL-encoded (%2B), as E.164.
const PHONE = /(?:\+|%2B)[1-9]\d{6,14}/gi;
// Email addresses, plain or URL-encoded (%40).
const EMAIL = /[^\s@"'<>=&/?:]+(?:@|%40)[^\s@"'<>=&/?]+\.[a-z]{2,}/gi;
// Signed link tokens ("payload.signature") and opaque tokens: long runs of base64url.
const TOKEN = /[A-Za-z0-9_-]{24,}(?:\.[A-Za-z0-9_-]{16,})?/g;
// Sign-in codes: any standalone run of exactly six digits.
const CODE = /(?<![\d*])\d{6}(?!\d)/g;

/**
 * The one redaction step every log line goes through (the terminal logger, the Lambda logger,
 * the local outbox's terminal echo): no sign-in codes, no tokens, no full numbers or
 * addresses (URL-encoded ones too). What is left is enough to follow what happened.
 */
export function redactText(text: string): string {
  return text
    .replace(PHONE, (phone) => maskPhone(decodeURIComponent(phone)))
    .replace(EMAIL, (email) => maskEmail(decodeURIComponent(email)))
    .replace(TOKEN, '[token]')
    .replace(CODE, '[code]');
}

/** A log line's fields, redacted the same way (errors keep their name and redacted message). */
export function redactFields(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value instanceof Error
        ? { name: value.name, message: redactText(value.message) }
        : typeof value === 'string'
          ? redactText(value)
          : value !== null && typeof value === 'object'
            ? JSON.parse(redactText(JSON.stringify(value)))
            : value,
    ]),
  );
}
