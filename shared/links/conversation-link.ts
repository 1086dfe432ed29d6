import { linkUrl, makeToken, readToken, type TokenPayload } from './signed-token.ts';

const PURPOSE = 'conversation';

export interface ConversationToken extends TokenPayload {
  p: string; // pair
  r: string; // the partner answering
  k: string; // the conversation's key
}

/** A link to answer one conversation by email; it works while the conversation is open. */
export function conversationToken(
  secret: string,
  input: { pairId: string; partnerId: string; conversationKey: string; closesAt: number },
): string {
  return makeToken(secret, {
    purpose: PURPOSE,
    p: input.pairId,
    r: input.partnerId,
    k: input.conversationKey,
    exp: Math.floor(input.closesAt / 1000),
  });
}

export const readConversationToken = (secret: string, token: string, now: number) =>
  readToken<ConversationToken>(secret, token, PURPOSE, now);

export const conversationUrl = (publicUrl: string, token: string) => linkUrl(publicUrl, 'a', token);
