import { createHash } from 'node:crypto';
import {
  CODE_ATTEMPTS,
  CODE_TTL_MS,
  codeMatches,
  hashCode,
  identityOf,
  newCode,
  sessionCookie,
  sessionToken,
  SESSION_COOKIE,
} from '../auth/session.ts';
import { json, errorResponse, type HttpRequest, type HttpResponse, type Route } from '../http/types.ts';
import {
  countAttempt,
  deleteSignInCode,
  getSignInCode,
  hitRateLimit,
  saveSignInCode,
} from '../store/auth-repository.ts';
import { maskAddress } from '../util/privacy.ts';
import { isResponse, readJsonObject, type ApiDeps } from './api-context.ts';

const PER_IDENTITY = { limit: 5, windowMs: 10 * 60_000 };
const PER_IP = { limit: 20, windowMs: 10 * 60_000 };

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
 * Sign-in without passwords: a 6-digit code by SMS or email, 10 minutes, 5 attempts,
 * rate-limited per number and per IP address. Every answer is the same whether or not the
 * number belongs to anyone, so nothing reveals who uses Kept.
 */
export function authRoutes(deps: ApiDeps): Route[] {
  const now = deps.now ?? Date.now;
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
        if (
          !(await hitRateLimit(deps.store, `ip:${request.sourceIp}`, PER_IP.limit, PER_IP.windowMs, at)) ||
          !(await hitRateLimit(deps.store, `id:${key}`, PER_IDENTITY.limit, PER_IDENTITY.windowMs, at))
        ) {
          return errorResponse(429, 'rate_limited', 'Too many codes asked for. Wait a few minutes and try again.');
        }
        const code = newCode();
        await saveSignInCode(deps.store, identity, {
          codeHash: hashCode(deps.secret, identity, code),
          expiresAt: at + CODE_TTL_MS,
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
        deps.logger.info('sign-in code sent', { to: maskAddress(identity) });
        return json(202, { sent: true, expiresInSeconds: CODE_TTL_MS / 1000 });
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
        if (!stored || stored.expiresAt <= at) return wrong();
        if (!(await countAttempt(deps.store, identity, CODE_ATTEMPTS))) {
          await deleteSignInCode(deps.store, identity);
          return errorResponse(429, 'too_many_attempts', 'Too many wrong codes. Ask for a new one.', 'code');
        }
        if (!codeMatches(deps.secret, identity, value.code, stored.codeHash)) return wrong();
        await deleteSignInCode(deps.store, identity);
        const token = sessionToken(deps.secret, identity, at);
        return json(200, { token, tokenType: 'Bearer' }, { 'set-cookie': sessionCookie(token, true) });
      },
    },
    {
      method: 'POST',
      path: '/api/auth/signout',
      handle: () =>
        json(
          200,
          { signedOut: true },
          { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure` },
        ),
    },
  ];
}
