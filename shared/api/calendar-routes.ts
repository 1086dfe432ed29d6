import { json, type Route } from '../http/types.ts';
import { makeToken, readToken } from '../links/signed-token.ts';
import { planFromStore } from '../plan/plan-from-store.ts';
import { getPartner, rotateCalendarVersion } from '../store/partner-repository.ts';
import { asMember, notFound, type ApiDeps } from './api-context.ts';
import { calendarFeed } from './calendar.ts';

/** A secret feed URL never expires on its own; it is revoked by rotating it (the version in it). */
const NO_EXPIRY = 4102444800;

/**
 * The calendar feed (`/cal/{token}.ics`, for calendar apps, which cannot sign in) and its
 * secret URL: read with GET /api/calendar, replaced with POST /api/calendar/rotate, after which
 * every older URL answers 404.
 */
export function calendarRoutes(deps: ApiDeps): Route[] {
  const now = deps.now ?? Date.now;
  const feedUrl = (pairId: string, partnerId: string, version: number) =>
    `${deps.publicUrl}/cal/${makeToken(deps.secret, { purpose: 'calendar', p: pairId, r: partnerId, v: version, exp: NO_EXPIRY })}.ics`;
  return [
    {
      method: 'GET',
      path: '/api/calendar',
      handle: asMember(deps, async (caller) =>
        json(200, {
          url: feedUrl(caller.partner.pairId, caller.partner.partnerId, caller.partner.calendarVersion ?? 0),
        }),
      ),
    },
    {
      method: 'POST',
      path: '/api/calendar/rotate',
      handle: asMember(deps, async (caller) => {
        const version = await rotateCalendarVersion(deps.store, caller.partner);
        return json(200, { url: feedUrl(caller.partner.pairId, caller.partner.partnerId, version) });
      }),
    },
    {
      method: 'GET',
      path: '/cal/:file',
      handle: async (_request, params) => {
        const token = params.file!.replace(/\.ics$/, '');
        const check = readToken<{ purpose: string; exp: number; p: string; r: string; v?: number }>(
          deps.secret,
          token,
          'calendar',
          now(),
        );
        if (!check.ok) return notFound();
        const partner = await getPartner(deps.store, check.payload.p, check.payload.r);
        if (partner?.consent !== 'confirmed') return notFound();
        if ((check.payload.v ?? 0) !== (partner.calendarVersion ?? 0)) return notFound();
        const plan = await planFromStore(deps.store, check.payload.p);
        if (!plan) return notFound();
        return {
          status: 200,
          headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' },
          body: calendarFeed(plan, check.payload.r),
        };
      },
    },
  ];
}
