import { z } from 'zod';
import type { SignInCode } from '../auth-repository.ts';
import { ENTITY, rateLimitKey, sessionKey, sessionsIndexPk, signInCodeKey } from '../keys.ts';
import type { StoredSession } from '../session-repository.ts';
import { sameShape, type SameShape } from './same-shape.ts';
import { PHONE, TABLE } from './table-shape.ts';
import { ttlAttribute, ttlSeconds } from './ttl.ts';

/** A pending sign-in code (its hash only), dropped by TTL once it is no longer valid. */
export const signInCodeItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.signInCode),
    codeHash: z.string(),
    validUntil: z.number(),
    attempts: z.number(),
    [TABLE.ttlAttribute]: z.number(),
  })
  .transform(({ codeHash, validUntil, attempts }) => ({ codeHash, validUntil, attempts }));

sameShape<SameShape<z.output<typeof signInCodeItemSchema>, SignInCode>>(true);

export const signInCodeItem = (identity: string, code: SignInCode) => ({
  ...signInCodeKey(identity),
  entity: ENTITY.signInCode,
  ...code,
  ...ttlAttribute(code.validUntil),
});

/** A session under a hash of its token; listed per identity through the (overloaded) phone index. */
export const sessionItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.session),
    identity: z.string(),
    /** Also the table's TTL attribute: a session ends, and is dropped, at the same second. */
    [TABLE.ttlAttribute]: z.number(),
    createdAt: z.string(),
    [PHONE.partitionKey]: z.string(),
    [PHONE.sortKey]: z.string(),
  })
  .transform(({ identity, expiresAt, createdAt }) => ({ identity, expiresAt, createdAt }));

sameShape<SameShape<z.output<typeof sessionItemSchema>, StoredSession>>(true);

/** A new session for `identity`, valid for `validMs` from `now`. */
export const newSession = (identity: string, now: number, validMs: number): StoredSession => ({
  identity,
  ...ttlAttribute(now + validMs),
  createdAt: new Date(now).toISOString(),
});

export const sessionItem = (tokenHash: string, session: StoredSession) => ({
  ...sessionKey(tokenHash),
  entity: ENTITY.session,
  ...session,
  [PHONE.partitionKey]: sessionsIndexPk(session.identity),
  [PHONE.sortKey]: session.createdAt,
});

/** True once a session's end (in epoch seconds) has come. */
export const sessionEnded = (session: StoredSession, now: number) => session.expiresAt <= ttlSeconds(now);

/** A rate-limit window item: its hit count and TTL. */
export const rateLimitItemSchema = z.object({
  PK: z.string(),
  SK: z.string(),
  entity: z.literal(ENTITY.rateLimit),
  hits: z.number(),
  [TABLE.ttlAttribute]: z.number(),
});

/**
 * One fixed window of a rate limit: its hit count, written by a conditional ADD (never read
 * back). Kept one window past its own, so the count is there for the whole window.
 */
export const rateLimitWindow = (key: string, now: number, windowMs: number) => {
  const window = Math.floor(now / windowMs);
  return {
    key: rateLimitKey(key, window),
    entity: ENTITY.rateLimit,
    ...ttlAttribute((window + 2) * windowMs),
  };
};
