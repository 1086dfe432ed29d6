import { createHash } from 'node:crypto';
import {
  CODE_ATTEMPTS,
  CODE_TTL_MS,
  clearedSessionCookie,
  codeMatches,
  endSession,
  hashCode,
  identityOf,
  newCode,
  sessionCookie,
  startSession,
} from '../auth/session.ts';
import { json, errorResponse, type HttpRequest, type HttpResponse, type Route } from '../http/types.ts';
import {
  consumeSignInCode,
  countAttempt,
  deleteSignInCode,
  getSignInCode,
  hitRateLimit,
  saveSignInCode,
} from '../store/auth-repository.ts';
import { deleteAllSessions } from '../store/session-repository.ts';
import { DAY_MS } from '../util/time.ts';
import { authenticate, isResponse, readJsonObject, tokenFrom, type ApiDeps } from './api-context.ts';
import { mayReceiveSignInCode } from './sign-in-recipients.ts';

const PER_IDENTITY = { limit: 5, windowMs: 10 * 60_000 };
const PER_IDENTITY_DAILY = { limit: 10, windowMs: DAY_MS };
const PER_IP = { limit: 20, windowMs: 10 * 60_000 };
/** Codes sent per day in all, unless ApiDeps.signInCodesPerDay says otherwise. */
export const SIGN_IN_CODES_PER_DAY = 1_000;
/** The log line's `metric` field when a cap holds a code back: an alarm watches it (see README). */
export const SIGN_IN_CAPPED_METRIC = 'SignInCodesCapped';

/** The body's phone or email, in its normal form, or the response that says what is wrong with it. */
function readIdentity(request: HttpRequest): { value: Record<string, unknown>; identity: string } | HttpResponse {
  const body = readJsonObject(request);
  if (isResponse(body)) return body;
  const { value } = body;
  if (!('phone' in value) && !('email' in value))
    return errorResponse(400, 'missing_identity', 'Send {"phone": "+1..."} or {"email": "..."}', 'phone');
  const identity = identityOf(value);
  if (identity) return { value, identity };
  return 'phone' in value
    ? errorResponse(400, 'invalid_phone', 'Enter a mobile number with its country code, like +15555550101', 'phone')
    : errorResponse(400, 'invalid_email', 'Enter an email address, like sam@example.com', 'email');
}

/**
 * Sign-in without passwords: a 6-digit code by SMS or email, 10 minutes, 5 attempts, used once.
 * Codes go only to numbers and addresses Kept already knows (and never to one that said STOP),
 * rate-limited per number, per IP address, per number per day and in total per day. Every answer
 * is the same whether or not the number belongs to anyone, so nothing reveals who uses Kept and
 * no one can make Kept text a stranger (SMS pumping).
 */
export function authRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;
  const perDay = deps.signInCodesPerDay ?? SIGN_IN_CODES_PER_DAY;
  const accepted = () =>
    json(202, {
      accepted: true,
      message: 'If this number or address uses Kept, a code is on its way.',
      expiresInSeconds: CODE_TTL_MS / 1000,
    });
  const tooMany = () =>
    errorResponse(429, 'rate_limited', 'Too many codes asked for. Wait a few minutes and try again.');
  return [
    {
      method: 'POST',
      path: '/api/auth/start',
      handle: async (request) => {
        const read = readIdentity(request);
        if (isResponse(read)) return read;
        const { identity } = read;
        const at = now();
        const key = createHash('sha256').update(identity).digest('base64url').slice(0, 24);
        // Counted for known and unknown alike, so the limits answer the same for both.
        if (
          !(await hitRateLimit(deps.store, `ip:${request.sourceIp}`, PER_IP.limit, PER_IP.windowMs, at)) ||
          !(await hitRateLimit(deps.store, `id:${key}`, PER_IDENTITY.limit, PER_IDENTITY.windowMs, at))
        )
          return tooMany();
        if (
          !(await hitRateLimit(deps.store, `day:${key}`, PER_IDENTITY_DAILY.limit, PER_IDENTITY_DAILY.windowMs, at))
        ) {
          deps.logger.warn('sign-in code held back: daily cap per number', {
            metric: SIGN_IN_CAPPED_METRIC,
            cap: 'number',
          });
          return tooMany();
        }
        if (!(await mayReceiveSignInCode(deps, identity))) return accepted();
        // The total is counted only for codes that would really go out: strangers cannot use it up.
        if (!(await hitRateLimit(deps.store, 'day:all', perDay, DAY_MS, at))) {
          deps.logger.warn('sign-in code held back: daily cap in total', {
            metric: SIGN_IN_CAPPED_METRIC,
            cap: 'total',
          });
          return accepted();
        }
        const code = newCode();
        await saveSignInCode(deps.store, identity, {
          codeHash: hashCode(deps.secret, identity, code),
          validUntil: at + CODE_TTL_MS,
          attempts: 0,
        });
        const byEmail = identity.includes('@');
        const link = `${deps.publicUrl}/#signin=${encodeURIComponent(identity)}&code=${code}`;
        await deps.channels[byEmail ? 'email' : 'sms'].send(
          {
            id: `auth/${key}/${at}`,
            pairId: 'none',
            recipientId: 'sign-in',
            channel: byEmail ? 'email' : 'sms',
            to: identity,
            kind: 'sign-in-code',
            body: byEmail
              ? `Your Kept sign-in code is ${code}. It works for 10 minutes.\n\nOr open: ${link}\n\nIf you did not ask for it, ignore this email.`
              : `Kept: your sign-in code is ${code}. It works for 10 minutes. Do not share it.`,
            subject: 'Your Kept sign-in code',
            dueAt: at,
          },
          at,
        );
        deps.logger.info('sign-in code sent', { channel: byEmail ? 'email' : 'sms' });
        return accepted();
      },
    },
    {
      method: 'POST',
      path: '/api/auth/verify',
      handle: async (request) => {
        const read = readIdentity(request);
        if (isResponse(read)) return read;
        const { value, identity } = read;
        if (typeof value.code !== 'string' || !/^\d{6}$/.test(value.code))
          return errorResponse(400, 'invalid_code', 'The code is 6 digits', 'code');
        const at = now();
        const wrong = () =>
          errorResponse(400, 'wrong_code', 'That code is wrong or has expired. Ask for a new one.', 'code');
        const stored = await getSignInCode(deps.store, identity);
        if (!stored || stored.validUntil <= at) return wrong();
        if (!(await countAttempt(deps.store, identity, CODE_ATTEMPTS))) {
          await deleteSignInCode(deps.store, identity);
          return errorResponse(429, 'too_many_attempts', 'Too many wrong codes. Ask for a new one.', 'code');
        }
        if (!codeMatches(deps.secret, identity, value.code, stored.codeHash)) return wrong();
        // Of verifies racing with the right code, only the one that removes it gets a session.
        if (!(await consumeSignInCode(deps.store, identity, stored.codeHash))) return wrong();
        const token = await startSession(deps.store, identity, at);
        return json(200, { token, tokenType: 'Bearer' }, { 'set-cookie': sessionCookie(token, true) });
      },
    },
    {
      method: 'POST',
      path: '/api/auth/signout',
      handle: async (request) => {
        const token = tokenFrom(request);
        if (token) await endSession(deps.store, token);
        return json(200, { signedOut: true }, { 'set-cookie': clearedSessionCookie() });
      },
    },
    {
      method: 'POST',
      path: '/api/auth/signout-everywhere',
      handle: async (request) => {
        const caller = await authenticate(deps, request);
        if (isResponse(caller)) return caller;
        const ended = await deleteAllSessions(deps.store, caller.identity);
        const token = tokenFrom(request);
        if (token) await endSession(deps.store, token); // the index may lag behind the session just made
        return json(200, { signedOut: true, sessionsEnded: ended }, { 'set-cookie': clearedSessionCookie() });
      },
    },
  ];
}
