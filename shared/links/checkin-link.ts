import { linkUrl, makeToken, readToken, type TokenPayload } from './signed-token.ts';

const PURPOSE = 'checkin';
export const CHECKIN_LINK_VALID_MS = 48 * 3_600_000;

export interface CheckInToken extends TokenPayload {
  p: string; // pair
  r: string; // the partner answering
  k: string; // the check-in's key
  a: 'kept' | 'missed';
}

/** A one-click answer link for one check-in: which check-in, whose, which answer; 48 hours. */
export function checkInToken(
  secret: string,
  input: { pairId: string; partnerId: string; checkInKey: string; answer: 'kept' | 'missed' },
  now: number,
): string {
  return makeToken(secret, {
    purpose: PURPOSE,
    p: input.pairId,
    r: input.partnerId,
    k: input.checkInKey,
    a: input.answer,
    exp: Math.floor((now + CHECKIN_LINK_VALID_MS) / 1000),
  });
}

export function readCheckInToken(secret: string, token: string, now: number) {
  const check = readToken<CheckInToken>(secret, token, PURPOSE, now);
  if (check.ok && check.payload.a !== 'kept' && check.payload.a !== 'missed')
    return { ok: false as const, reason: 'malformed' as const };
  return check;
}

export const checkInUrl = (publicUrl: string, token: string) => linkUrl(publicUrl, 'c', token);
