import { errorResponse, json, type Route } from '../http/types.ts';
import type { PlanInput } from '../model/plan.ts';
import { validatePlan } from '../model/validate-plan.ts';
import { applyPlan } from '../plan/apply-plan.ts';
import { planFromStore } from '../plan/plan-from-store.ts';
import { MAX_PAUSE_DAYS } from '../replies/parse-reply.ts';
import { getPairItem } from '../store/pair-repository.ts';
import { listPartners, setPausedUntil } from '../store/partner-repository.ts';
import { eraseConversationAnswers } from '../store/conversation-repository.ts';
import { deletePairItems, isPartnersOwn, putConsentRecord } from '../store/account-repository.ts';
import { SK_PREFIX } from '../store/keys.ts';
import { DAY_MS } from '../util/time.ts';
import { asMember, authenticate, isResponse, readJsonObject, type ApiDeps, type Member } from './api-context.ts';
import { editPlan, newId, planProblems } from './edit-plan.ts';

const SETTINGS = ['name', 'timezone', 'channel', 'quietHours', 'summary'] as const;

/** Consent evidence outlives an erased account: kept 4 years (the limitation period for TCPA claims), then dropped by TTL. */
export const CONSENT_RECORD_YEARS = 4;

/** The caller's own account: who they are, their pair, their settings, pause, leaving, erasing. */
export function meRoutes(deps: ApiDeps): Route[] {
  const now = deps.now ?? Date.now;

  /** Removes the caller from their pair's plan (their commitments and schedules go with them). */
  const leave = async (caller: Member) => {
    const { pairId, partnerId: me } = caller.partner;
    const plan = (await planFromStore(deps.store, pairId))!;
    plan.partners = plan.partners.filter((p) => p.id !== me);
    if (plan.partners.length === 0) {
      // The last one out: the pair's definitions and schedules go too.
      await deletePairItems(deps.store, pairId, [
        SK_PREFIX.schedule,
        SK_PREFIX.definition,
        SK_PREFIX.partner,
        SK_PREFIX.pair,
      ]);
      return;
    }
    plan.commitments = (plan.commitments ?? []).filter((c) => c.owner !== me);
    plan.affirmations = (plan.affirmations ?? []).filter((a) => a.from !== me && a.to !== me);
    const validation = validatePlan(plan);
    if (!validation.ok) throw new Error(`leaving produced an invalid plan: ${validation.problems.join('; ')}`);
    await applyPlan(deps.store, validation.plan, now());
  };

  return [
    {
      method: 'GET',
      path: '/api/me',
      handle: async (request) => {
        const caller = await authenticate(deps, request);
        if (isResponse(caller)) return caller;
        const me = caller.partner;
        if (!me) return json(200, { identity: caller.identity, partner: null, pair: null });
        const [pair, partners] = await Promise.all([
          getPairItem(deps.store, me.pairId),
          listPartners(deps.store, me.pairId),
        ]);
        const other = partners.find((p) => p.partnerId !== me.partnerId);
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
        const meId = 'me';
        const byEmail = caller.identity.includes('@');
        const plan: PlanInput = {
          pair: { id: newId(String(input.pairName ?? 'pair')), name: String(input.pairName ?? '') },
          partners: [
            {
              id: meId,
              name: input.name as string,
              ...(byEmail ? { email: caller.identity } : { phone: caller.identity }),
              timezone: input.timezone as string,
              channel: byEmail ? 'email' : 'sms',
              consent: 'confirmed',
            },
            {
              id: 'partner',
              name: invite.name as string,
              ...(invite.phone !== undefined ? { phone: invite.phone as string } : {}),
              ...(invite.email !== undefined ? { email: invite.email as string } : {}),
              timezone: (invite.timezone ?? input.timezone) as string,
              consent: 'pending',
            },
          ],
        };
        const validation = validatePlan(plan);
        if (!validation.ok) {
          const renamed = validation.problems.map((p) =>
            p
              .replace(/^partners\[0\]\./, '')
              .replace(/^partners\[1\]\./, 'invite.')
              .replace(/^pair\.name/, 'pairName'),
          );
          return planProblems(renamed);
        }
        await applyPlan(deps.store, validation.plan, now());
        return json(201, {
          pair: { id: plan.pair.id, name: plan.pair.name },
          invited: { name: invite.name, consent: 'pending' },
        });
      },
    },
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
        if (unknown) return errorResponse(400, 'invalid', 'unknown field (check the spelling)', unknown);
        return editPlan(deps, caller.partner.pairId, (plan) => {
          const index = plan.partners.findIndex((p) => p.id === caller.partner.partnerId);
          plan.partners[index] = { ...plan.partners[index]!, ...input };
          return { focus: `partners[${index}]` };
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
        await setPausedUntil(deps.store, caller.partner!, until);
        return json(200, { pausedUntil: until });
      }),
    },
    {
      method: 'POST',
      path: '/api/me/resume',
      handle: asMember(deps, async (caller, _request) => {
        await setPausedUntil(deps.store, caller.partner!, null);
        return json(200, { pausedUntil: null });
      }),
    },
    {
      method: 'POST',
      path: '/api/me/leave',
      handle: asMember(deps, async (caller, _request) => {
        await leave(caller);
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
        const { pairId, partnerId, consentLog } = caller.partner;
        await leave(caller as Member);
        // Everything else about the caller: their deliveries, messages, texts received, check-ins.
        await deletePairItems(
          deps.store,
          pairId,
          [SK_PREFIX.delivery, SK_PREFIX.message, SK_PREFIX.inbound, SK_PREFIX.checkIn],
          (item) => isPartnersOwn(item, partnerId),
        );
        // Their answers to conversation prompts (the prompts stay for the other partner's own answers).
        await eraseConversationAnswers(deps.store, pairId, partnerId);
        // Consent evidence, under a hash of the number or address, kept only as long as the law asks.
        await putConsentRecord(deps.store, caller.identity, consentLog ?? [], now(), CONSENT_RECORD_YEARS);
        return json(200, { erased: true, consentRecordKeptYears: CONSENT_RECORD_YEARS });
      },
    },
  ];
}
