import { comparableAddress } from '../model/email-address.ts';
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { normalizePhone } from '../replies/phone.ts';
import { newSession, sessionEnded } from '../store/entities/auth.ts';
import { deleteSession, getSession, putSession } from '../store/session-repository.ts';
import type { Store } from '../store/store.ts';

export const SESSION_COOKIE = 'kept_session';
export const SESSION_SECONDS = 30 * 86_400;
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_ATTEMPTS = 5;

/** "+1 (555) 555-0101" and "Sam@Example.com" name the same people as their normal forms. */
export function identityOf(input: { phone?: unknown; email?: unknown }): string | null {
  if (typeof input.phone === 'string') return normalizePhone(input.phone);
  if (typeof input.email === 'string') {
    const email = comparableAddress(input.email);
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

/** A session token is 256 random bits, opaque: it says nothing about whose it is. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const looksLikeToken = (token: string) => /^[\w-]{43}$/.test(token);

/** Starts a session for this identity; returns the token (only its hash is stored). */
export async function startSession(store: Store, identity: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await putSession(store, hashToken(token), newSession(identity, now, SESSION_SECONDS * 1000));
  return token;
}

/** The identity a token stands for, or why it stands for none. */
export async function readSession(
  store: Store,
  token: string,
  now: number,
): Promise<{ ok: true; identity: string } | { ok: false; reason: 'unknown' | 'expired' }> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'unknown' };
  const session = await getSession(store, hashToken(token));
  if (!session) return { ok: false, reason: 'unknown' };
  // TTL removal is late (up to days), so expiry is checked here too.
  if (sessionEnded(session, now)) return { ok: false, reason: 'expired' };
  return { ok: true, identity: session.identity };
}

/** Signing out: the token stops working at once, as a cookie and as a bearer. */
export async function endSession(store: Store, token: string): Promise<void> {
  if (looksLikeToken(token)) await deleteSession(store, hashToken(token));
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = () => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure`;
