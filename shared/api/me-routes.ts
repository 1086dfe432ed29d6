import { createPair } from '../account/create-pair.ts';
import { CONSENT_RECORD_YEARS, eraseAccount } from '../account/erase-account.ts';
import { leavePair } from '../account/leave-pair.ts';
import { errorResponse, json, type Route } from '../http/types.ts';
import { MAX_PAUSE_DAYS } from '../replies/parse-reply.ts';
import { setPausedUntil } from '../store/partner-repository.ts';
import { DAY_MS } from '../util/time.ts';
import { asMember, authenticate, invitationPending, isResponse, readJsonObject, type ApiDeps } from './api-context.ts';
import { editPlan, planProblems } from './edit-plan.ts';
import { invitationRoutes, invitationView, pairAndOther } from './invitation-routes.ts';

const SETTINGS = ['name', 'timezone', 'channel', 'quietHours', 'sharePulse'] as const;

export { CONSENT_RECORD_YEARS };

/** The caller's own account: who they are, their pair, their settings, pause, leaving, erasing. */
export function meRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;

  return [
    {
      method: 'GET',
      path: '/api/me',
      handle: async (request) => {
        const caller = await authenticate(deps, request);
        if (isResponse(caller)) return caller;
        const me = caller.partner;
        if (!me) return json(200, { identity: caller.identity, partner: null, pair: null });
        if (me.consent !== 'confirmed') return json(200, await invitationView(deps, caller.identity, me));
        const { pair, other } = await pairAndOther(deps, me);
        const { consentLog: _log, profileHash: _hash, numbering: _n, ...partner } = me;
        return json(200, {
          identity: caller.identity,
          partner,
          pair: { id: me.pairId, name: pair?.name, share: pair?.share },
          other: other
            ? {
                id: other.partnerId,
                name: other.name,
                consent: other.consent === 'confirmed' ? 'confirmed' : 'pending',
              }
            : null,
        });
      },
    },
    {
      method: 'POST',
      path: '/api/pairs',
      handle: async (request) => {
        const caller = await authenticate(deps, request);
        if (isResponse(caller)) return caller;
        if (caller.partner) return errorResponse(409, 'already_in_pair', 'You already belong to a pair');
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        const input = body.value;
        const invite = (typeof input.invite === 'object' && input.invite !== null ? input.invite : {}) as Record<
          string,
          unknown
        >;
        const outcome = await createPair(
          deps.store,
          caller.identity,
          { name: input.name, timezone: input.timezone, pairName: input.pairName, invite },
          now(),
        );
        if ('problems' in outcome)
          return planProblems(
            outcome.problems.map((p) =>
              p
                .replace(/^partners\[0\]\./, '')
                .replace(/^partners\[1\]\./, 'invite.')
                .replace(/^pair\.name/, 'pairName'),
            ),
          );
        // The same words whatever the reason, so the inviter learns nothing about that number.
        if ('notSent' in outcome)
          return errorResponse(409, 'invitation_not_sent', 'The invitation could not be sent.', 'invite');
        const { pairId, pairName, invitedName } = outcome.created;
        return json(201, { pair: { id: pairId, name: pairName }, invited: { name: invitedName, consent: 'pending' } });
      },
    },
    ...invitationRoutes(deps),
    {
      method: 'PATCH',
      path: '/api/me',
      handle: asMember(deps, async (caller, request) => {
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        const input = body.value;
        const unknown = Object.keys(input).find((key) => !(SETTINGS as readonly string[]).includes(key));
        if (unknown === 'phone' || unknown === 'email') {
          return errorResponse(
            400,
            'invalid',
            'your number or address is the one you sign in with; it cannot be changed here',
            unknown,
          );
        }
        // The summary belongs to the pair: accepting it here would drop it silently.
        if (unknown === 'summary')
          return errorResponse(
            400,
            'invalid',
            "the weekly summary is the pair's: change it with PATCH /api/pair",
            unknown,
          );
        if (unknown) return errorResponse(400, 'invalid', 'unknown field (check the spelling)', unknown);
        return editPlan(deps, caller.partner.pairId, (plan) => {
          // Sharing is stored with the pair's pulse: without one it would be dropped silently.
          if (input.sharePulse === true && !plan.pulse)
            return errorResponse(409, 'no_pulse', 'your pair has no weekly pulse to share', 'sharePulse');
          const index = plan.partners.findIndex((p) => p.id === caller.partner.partnerId);
          plan.partners[index] = { ...plan.partners[index]!, ...input };
          return { focus: `partners[${index}]` };
        });
      }),
    },
    {
      // The weekly summary's day, time and channel belong to the pair (plan.pair.summary): both get it.
      method: 'PATCH',
      path: '/api/pair',
      handle: asMember(deps, async (caller, request) => {
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        const unknown = Object.keys(body.value).find((key) => key !== 'summary');
        if (unknown) return errorResponse(400, 'invalid', 'unknown field (only summary can be changed here)', unknown);
        return editPlan(deps, caller.partner.pairId, (plan) => {
          plan.pair = { ...plan.pair, summary: body.value.summary as typeof plan.pair.summary };
          return { focus: 'pair' };
        });
      }),
    },
    {
      method: 'POST',
      path: '/api/me/pause',
      handle: asMember(deps, async (caller, request) => {
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        const days = body.value.days ?? 7;
        if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_PAUSE_DAYS) {
          return errorResponse(400, 'invalid', `days must be a whole number from 1 to ${MAX_PAUSE_DAYS}`, 'days');
        }
        const until = new Date(now() + days * DAY_MS).toISOString();
        await setPausedUntil(deps.store, caller.partner, until);
        return json(200, { pausedUntil: until });
      }),
    },
    {
      method: 'POST',
      path: '/api/me/resume',
      handle: asMember(deps, async (caller, _request) => {
        await setPausedUntil(deps.store, caller.partner, null);
        return json(200, { pausedUntil: null });
      }),
    },
    {
      method: 'POST',
      path: '/api/me/leave',
      handle: asMember(deps, async (caller, _request) => {
        await leavePair(deps.store, caller.partner, now());
        return json(200, { left: true });
      }),
    },
    {
      method: 'DELETE',
      path: '/api/me',
      handle: async (request) => {
        const caller = await authenticate(deps, request);
        if (isResponse(caller)) return caller;
        if (!caller.partner) return json(200, { erased: true });
        if (caller.partner.consent !== 'confirmed') return invitationPending();
        await eraseAccount(deps.store, caller.identity, caller.partner, now());
        return json(200, { erased: true, consentRecordKeptYears: CONSENT_RECORD_YEARS });
      },
    },
  ];
}
