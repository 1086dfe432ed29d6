import { json, type Route } from '../http/types.ts';
import { renderOccurrence } from '../delivery/render-delivery.ts';
import { firingsBetween } from '../schedule/next-fire.ts';
import { formatLocal } from '../schedule/zoned-time.ts';
import { planFromStore } from '../plan/plan-from-store.ts';
import { checkInFromItem, listCheckIns } from '../store/checkin-repository.ts';
import { getPairItem, listDefinitions } from '../store/pair-repository.ts';
import { queryPairPrefix } from '../store/query-all.ts';
import { listSchedules } from '../store/schedule-repository.ts';
import { pairPk, SK_PREFIX } from '../store/keys.ts';
import { withoutKeyAttributes } from '../store/entities/table-shape.ts';
import { exportedConversations } from '../conversations/conversation-view.ts';
import { listAllConversations } from '../store/conversation-repository.ts';
import { isPartnersOwn } from '../store/account-repository.ts';
import { buildWeeklySummaries } from '../summary/build-summary.ts';
import { DAY_MS } from '../util/time.ts';
import { asMember, type ApiDeps } from './api-context.ts';
import { calendarRoutes } from './calendar-routes.ts';
import { checkInLogEntry } from './checkin-log-view.ts';
import { checkInPrivateView, maySeeCheckIn, shareOf } from '../privacy/partner-view.ts';

/** Kinds whose text is written when they are sent (the week's figures, the deck's next prompt): what to call them before. */
const COMPOSED_AT_SEND: Partial<Record<string, string>> = {
  summary: 'Your weekly summary',
  'conversation-prompt': 'A conversation prompt for you both (chosen when it is sent)',
  'pulse-question': 'Your weekly pulse question: how close and safe you felt, 0-10',
};

const clampInt = (value: string | null, fallback: number, min: number, max: number) => {
  const n = Number(value ?? fallback);
  return Number.isInteger(n) ? Math.min(Math.max(n, min), max) : fallback;
};

/** What a signed-in partner can read: only their own pair, and of their partner only what is shared. */
export function readRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;
  return [
    {
      method: 'GET',
      path: '/api/weeks',
      handle: asMember(deps, async (caller, request) => {
        const count = clampInt(request.query.get('count'), 4, 1, 26);
        const ats = Array.from({ length: count }, (_v, i) => now() - i * 7 * DAY_MS);
        return json(200, {
          weeks: await buildWeeklySummaries(deps.store, caller.partner.pairId, caller.partner.partnerId, ats),
        });
      }),
    },
    {
      method: 'GET',
      path: '/api/checkins',
      handle: asMember(deps, async (caller, request) => {
        const days = clampInt(request.query.get('days'), 14, 1, 366);
        const me = caller.partner.partnerId;
        const { pairId } = caller.partner;
        const [pair, all, definitions] = await Promise.all([
          getPairItem(deps.store, pairId),
          listCheckIns(deps.store, pairId, now() - days * DAY_MS, now()),
          listDefinitions(deps.store, pairId),
        ]);
        const share = shareOf(pair);
        const visible = all.filter((c) => maySeeCheckIn(share, me, c));
        return json(200, {
          checkIns: visible.map((c) => checkInLogEntry(c, me, definitions, now())).reverse(),
        });
      }),
    },
    {
      method: 'GET',
      path: '/api/messages',
      handle: asMember(deps, async (caller, _request) => {
        const items = await queryPairPrefix(deps.store, pairPk(caller.partner.pairId), SK_PREFIX.message);
        const mine = items
          .filter((m) => m.recipientId === caller.partner.partnerId)
          .map(({ PK: _a, SK: _b, entity: _e, ...m }) => m);
        return json(200, {
          messages: mine.sort((a, b) => String(b.sentAt).localeCompare(String(a.sentAt))).slice(0, 200),
        });
      }),
    },
    {
      method: 'GET',
      path: '/api/upcoming',
      handle: asMember(deps, async (caller, request) => {
        const days = clampInt(request.query.get('days'), 7, 1, 31);
        const from = now() + 1; // what is still to come, not what just went out
        const upcoming = [];
        for (const schedule of await listSchedules(deps.store, caller.partner.pairId)) {
          if (schedule.recipientId !== caller.partner.partnerId || !schedule.active || schedule.members.length === 0)
            continue;
          for (const firing of firingsBetween(schedule, from, from + days * DAY_MS)) {
            upcoming.push({
              at: new Date(firing.fireAt).toISOString(),
              localTime: formatLocal(firing.fireAt, schedule.recipientZone),
              kind: schedule.kind,
              body: renderOccurrence(schedule, firing.occurrenceAt).body || (COMPOSED_AT_SEND[schedule.kind] ?? ''),
            });
          }
        }
        return json(200, { upcoming: upcoming.sort((a, b) => a.at.localeCompare(b.at)) });
      }),
    },
    {
      method: 'GET',
      path: '/api/export',
      handle: asMember(deps, async (caller, _request) => {
        const me = caller.partner.partnerId;
        const pk = pairPk(caller.partner.pairId);
        // Yours, and the couple's shared rituals.
        const mine = (items: Array<Record<string, unknown>>) =>
          items.filter((i) => isPartnersOwn(i, me) || i.ownerId === 'both').map(withoutKeyAttributes);
        const plan = await planFromStore(deps.store, caller.partner.pairId);
        return json(
          200,
          {
            exportedAt: new Date(now()).toISOString(),
            you: caller.partner,
            plan: {
              ...plan,
              commitments: plan?.commitments?.filter((c) => c.owner === me),
              affirmations: plan?.affirmations?.filter((a) => a.from === me || a.to === me),
            },
            // Yours and the couple's rituals, through the log's privacy view: on a shared ritual,
            // never the other partner's note or an answer of theirs they replaced.
            checkIns: (await queryPairPrefix(deps.store, pk, SK_PREFIX.checkIn))
              .map(checkInFromItem)
              .filter((c) => c.ownerId === me || c.ownerId === 'both')
              .map((c) => checkInPrivateView(c, me)),
            messages: mine(await queryPairPrefix(deps.store, pk, SK_PREFIX.message)),
            textsReceived: mine(await queryPairPrefix(deps.store, pk, SK_PREFIX.inbound)),
            conversations: exportedConversations(await listAllConversations(deps.store, caller.partner.pairId), me),
            // Your own pulse numbers only (a shared pulse is still the rater's data, not the reader's).
            pulses: mine(await queryPairPrefix(deps.store, pk, SK_PREFIX.pulse)),
          },
          { 'content-disposition': 'attachment; filename="kept-export.json"' },
        );
      }),
    },
    ...calendarRoutes(deps),
  ];
}
