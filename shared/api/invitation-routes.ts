import { acceptInvitation, declineInvitation } from '../account/invitation.ts';
import { errorResponse, json, type Route } from '../http/types.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { getPairItem } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import { authenticate, isResponse, type ApiDeps } from './api-context.ts';

/** The caller's pair and the other partner in it (if any): what GET /api/me shows, before and after yes. */
export async function pairAndOther(deps: ApiDeps, me: PartnerRecord) {
  const [pair, partners] = await Promise.all([getPairItem(deps.store, me.pairId), listPartners(deps.store, me.pairId)]);
  return { pair, other: partners.find((p) => p.partnerId !== me.partnerId) };
}

/**
 * What an invitee who has not said yes may see: who invited them and to what. Nothing of the
 * pair's plan, and no one's number or address.
 */
export async function invitationView(deps: ApiDeps, identity: string, me: PartnerRecord) {
  const { pair, other: inviter } = await pairAndOther(deps, me);
  return {
    identity,
    partner: { name: me.name, consent: 'pending' },
    pair: { name: pair?.name },
    invitation: { status: 'pending', from: inviter?.name ?? null },
  };
}

/** Accepting or declining an invitation: the only things an invitee can do before saying yes. */
export function invitationRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;
  const pendingCaller = async (request: Parameters<Route['handle']>[0]) => {
    const caller = await authenticate(deps, request);
    if (isResponse(caller)) return caller;
    const { partner } = caller;
    if (partner?.consent !== 'pending')
      return errorResponse(409, 'no_invitation', 'There is no invitation waiting for you');
    return partner;
  };
  return [
    {
      method: 'POST',
      path: '/api/invitation/accept',
      handle: async (request) => {
        const partner = await pendingCaller(request);
        if (isResponse(partner)) return partner;
        await acceptInvitation(deps.store, partner, now());
        return json(200, { joined: true });
      },
    },
    {
      method: 'POST',
      path: '/api/invitation/decline',
      handle: async (request) => {
        const partner = await pendingCaller(request);
        if (isResponse(partner)) return partner;
        await declineInvitation(deps.store, partner, now());
        return json(200, { declined: true });
      },
    },
  ];
}
