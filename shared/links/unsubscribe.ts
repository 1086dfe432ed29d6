import { linkUrl, makeToken, readToken, type TokenPayload } from './signed-token.ts';

const PURPOSE = 'unsubscribe-email';
const VALID_FOR_SECONDS = 400 * 86_400;

export interface UnsubscribeToken extends TokenPayload {
  p: string; // pair id
  r: string; // partner id
}

export function unsubscribeToken(secret: string, pairId: string, partnerId: string, now: number): string {
  return makeToken(secret, {
    purpose: PURPOSE,
    p: pairId,
    r: partnerId,
    exp: Math.floor(now / 1000) + VALID_FOR_SECONDS,
  });
}

export function readUnsubscribeToken(secret: string, token: string, now: number) {
  return readToken<UnsubscribeToken>(secret, token, PURPOSE, now);
}

export const unsubscribeUrl = (publicUrl: string, token: string) => linkUrl(publicUrl, 'u', token);
