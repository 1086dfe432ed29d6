import { readSession, SESSION_COOKIE } from '../auth/session.ts';
import type { AppDeps } from '../app-deps.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import type { ChannelSet } from '../channels/channel.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { findPartnersByEmail, findPartnersByPhone } from '../store/partner-repository.ts';
import { errorResponse, type HttpRequest, type HttpResponse } from '../http/types.ts';

export interface ApiDeps extends AppDeps {
  queue: DeliveryQueue;
  /** Signs sessions, hashes sign-in codes, makes calendar URLs. */
  secret: string;
  publicUrl: string;
  /** Sign-in codes go straight out on these (they are not scheduled messages). */
  channels: ChannelSet;
  supportContact: string;
  /** Sign-in codes sent per day in all (default SIGN_IN_CODES_PER_DAY). */
  signInCodesPerDay?: number;
}

export interface Caller {
  identity: string;
  /** The caller's partner record, if they belong to a pair. */
  partner: PartnerRecord | null;
}

/** The session token a request carries, as a bearer or in the session cookie. */
export function tokenFrom(request: HttpRequest): string | null {
  const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  const cookie = request.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return cookie ? cookie.slice(SESSION_COOKIE.length + 1) : null;
}

/** The signed-in caller, or a 401. An expired, ended or made-up session is no session. */
export async function authenticate(deps: ApiDeps, request: HttpRequest): Promise<Caller | HttpResponse> {
  const token = tokenFrom(request);
  if (!token) return errorResponse(401, 'unauthenticated', 'Sign in first');
  const check = await readSession(deps.store, token, deps.now());
  if (!check.ok)
    return errorResponse(
      401,
      'unauthenticated',
      check.reason === 'expired' ? 'Your session has expired; sign in again' : 'Sign in first',
    );
  // The session names the identity in its normal form (see identityOf).
  const { identity } = check;
  const found = identity.includes('@')
    ? await findPartnersByEmail(deps.store, identity)
    : await findPartnersByPhone(deps.store, identity);
  return { identity, partner: found.find((p) => p.consent !== 'declined') ?? null };
}

export interface Member extends Caller {
  partner: PartnerRecord;
}

/** The signed-in caller who belongs to a pair and has said yes; 401 without a session, 409 before they have a pair, 403 before they said yes. */
export async function authenticateMember(deps: ApiDeps, request: HttpRequest): Promise<Member | HttpResponse> {
  const caller = await authenticate(deps, request);
  if (isResponse(caller)) return caller;
  if (!caller.partner) return errorResponse(409, 'no_pair', 'Create a pair first');
  // An invitee who has not said yes sees nothing of the pair and changes nothing in it.
  if (caller.partner.consent !== 'confirmed') return invitationPending();
  return caller as Member;
}

/** A route handler for pair members only: the membership check comes first, always. */
export function asMember(
  deps: ApiDeps,
  handle: (
    caller: Member,
    request: HttpRequest,
    params: Record<string, string>,
  ) => Promise<HttpResponse> | HttpResponse,
): (request: HttpRequest, params: Record<string, string>) => Promise<HttpResponse> {
  return async (request, params) => {
    const caller = await authenticateMember(deps, request);
    return isResponse(caller) ? caller : handle(caller, request, params);
  };
}

export const isResponse = (value: unknown): value is HttpResponse =>
  typeof value === 'object' && value !== null && 'status' in value;

/** Reads a JSON body; a malformed one is the caller's mistake, with where it went wrong. */
export function readJson(request: HttpRequest): { value: unknown } | HttpResponse {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    return errorResponse(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json');
  }
  try {
    return { value: JSON.parse(request.body) };
  } catch (error) {
    return errorResponse(
      400,
      'invalid_json',
      `The body is not valid JSON: ${(error as Error).message.replace(/ in JSON at position.*$/, '')}`,
    );
  }
}

/** Reads a JSON object body (not an array, not a bare value). */
export function readJsonObject(request: HttpRequest): { value: Record<string, unknown> } | HttpResponse {
  const body = readJson(request);
  if (isResponse(body)) return body;
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value))
    return errorResponse(400, 'invalid', 'Send a JSON object');
  return { value: body.value as Record<string, unknown> };
}

/** What an invitee who has not said yes gets from every pair route. */
export const invitationPending = (): HttpResponse =>
  errorResponse(403, 'invitation_pending', 'Accept or decline the invitation first');

/** Everything about another pair is "not found": nothing says it exists. */
export const notFound = () => errorResponse(404, 'not_found', 'Not found');
