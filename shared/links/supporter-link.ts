import { linkUrl, makeToken, readToken, type TokenPayload } from './signed-token.ts';

const AGREE = 'supporter-agree';
const CONFIRM = 'supporter-confirm';

/** A partner's answer to one supporter request: whose, which pair, which supporter, which request. */
export interface SupporterAgreeToken extends TokenPayload {
  p: string; // pair
  r: string; // the partner answering
  s: string; // the supporter
  q: string; // the request: a link from an ended request finds another one and does nothing
}

/** The supporter's own confirmation: no partner in it, so it can never stand for a partner's yes. */
export interface SupporterConfirmToken extends TokenPayload {
  p: string;
  s: string;
  q: string;
}

type Request = { pairId: string; supporterId: string; requestId: string; expiresAt: number };

export const supporterAgreeToken = (secret: string, input: Request & { partnerId: string }) =>
  makeToken(secret, {
    purpose: AGREE,
    p: input.pairId,
    r: input.partnerId,
    s: input.supporterId,
    q: input.requestId,
    exp: Math.floor(input.expiresAt / 1000),
  });

export const supporterConfirmToken = (secret: string, input: Request) =>
  makeToken(secret, {
    purpose: CONFIRM,
    p: input.pairId,
    s: input.supporterId,
    q: input.requestId,
    exp: Math.floor(input.expiresAt / 1000),
  });

export const readSupporterAgreeToken = (secret: string, token: string, now: number) =>
  readToken<SupporterAgreeToken>(secret, token, AGREE, now);
export const readSupporterConfirmToken = (secret: string, token: string, now: number) =>
  readToken<SupporterConfirmToken>(secret, token, CONFIRM, now);

/** `/sa/{token}`: a partner agrees or declines. */
export const supporterAgreeUrl = (publicUrl: string, token: string) => linkUrl(publicUrl, 'sa', token);
/** `/sc/{token}`: the supporter confirms or declines. */
export const supporterConfirmUrl = (publicUrl: string, token: string) => linkUrl(publicUrl, 'sc', token);
