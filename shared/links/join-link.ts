import { linkUrl, makeToken, readToken, type TokenPayload } from './signed-token.ts';

const PURPOSE = 'join';
const VALID_FOR_MS = 14 * 86_400_000;

export interface JoinToken extends TokenPayload {
  p: string; // pair
  r: string; // the invited partner
}

/** The link in an emailed invitation: only the invitee receives it, so only they can consent with it. */
export const joinToken = (secret: string, pairId: string, partnerId: string, now: number) =>
  makeToken(secret, { purpose: PURPOSE, p: pairId, r: partnerId, exp: Math.floor((now + VALID_FOR_MS) / 1000) });

export const readJoinToken = (secret: string, token: string, now: number) =>
  readToken<JoinToken>(secret, token, PURPOSE, now);

export const joinUrl = (publicUrl: string, token: string) => linkUrl(publicUrl, 'j', token);
