import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { makeToken, readToken, type TokenPayload } from '../links/signed-token.ts';
import { normalizePhone } from '../replies/phone.ts';

export const SESSION_COOKIE = 'kept_session';
export const SESSION_DAYS = 30;
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_ATTEMPTS = 5;

export interface SessionToken extends TokenPayload {
  sub: string; // the identity: an E.164 number or a lower-case email address
}

/** "+1 (555) 555-0101" and "Sam@Example.com" name the same people as their normal forms. */
export function identityOf(input: { phone?: unknown; email?: unknown }): string | null {
  if (typeof input.phone === 'string') return normalizePhone(input.phone);
  if (typeof input.email === 'string') {
    const email = input.email.trim().toLowerCase();
    return /^[^\s@]{1,64}@[^\s@]{1,255}\.[a-z]{2,}$/.test(email) && email.length <= 254 ? email : null;
  }
  return null;
}

export const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export const hashCode = (secret: string, identity: string, code: string) =>
  createHmac('sha256', secret).update(`${identity}:${code}`).digest('base64url');

export function codeMatches(secret: string, identity: string, code: string, storedHash: string): boolean {
  const given = Buffer.from(hashCode(secret, identity, code));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function sessionToken(secret: string, identity: string, now: number): string {
  return makeToken(secret, { purpose: 'session', sub: identity, exp: Math.floor(now / 1000) + SESSION_DAYS * 86_400 });
}

export function readSession(secret: string, token: string, now: number) {
  return readToken<SessionToken>(secret, token, 'session', now);
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_DAYS * 86_400}${secure ? '; Secure' : ''}`;
}
