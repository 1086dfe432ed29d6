import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring tokens for links that work without signing in (one-click check-ins,
 * unsubscribe). HMAC-SHA256 over the payload, compared in constant time. The payload names
 * its purpose, so a token made for one thing cannot be used for another.
 */
export interface TokenPayload {
  purpose: string;
  exp: number; // seconds since the epoch
  [field: string]: string | number;
}

export type TokenCheck<T extends TokenPayload> =
  | { ok: true; payload: T }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-purpose' };

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest();

export function makeToken(secret: string, payload: TokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

export function readToken<T extends TokenPayload>(
  secret: string,
  token: string,
  purpose: string,
  nowMs: number,
): TokenCheck<T> {
  if (typeof token !== 'string' || token.length > 2048) return { ok: false, reason: 'malformed' };
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = sign(secret, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  let payload: T;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof payload !== 'object' || payload === null || typeof payload.exp !== 'number')
    return { ok: false, reason: 'malformed' };
  if (payload.purpose !== purpose) return { ok: false, reason: 'wrong-purpose' };
  if (payload.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}

/** A link's address: `{publicUrl}/{path}/{token}`, whether or not the public URL ends in a slash. */
export const linkUrl = (publicUrl: string, path: string, token: string) =>
  `${publicUrl.replace(/\/$/, '')}/${path}/${token}`;
