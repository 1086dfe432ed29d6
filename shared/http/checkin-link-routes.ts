import type { DeliveryQueue } from '../delivery/queue.ts';
import type { AppDeps } from '../app-deps.ts';
import { escapeHtml } from '../messages/email-html.ts';
import { lowerFirst } from '../messages/texts.ts';
import { readCheckInToken } from '../links/checkin-link.ts';
import { logAnswer } from '../replies/log-answer.ts';
import { CheckInClosedError, getCheckIn, undoAnswer } from '../store/checkin-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import { simplePage } from './pages.ts';
import type { HttpResponse, Route } from './types.ts';
import type { CheckIn } from '../model/checkin.ts';
import type { PartnerRecord } from '../model/partner-state.ts';

export interface CheckInLinkDeps extends AppDeps {
  queue: DeliveryQueue;
  linkSecret: string;
  afterAnswer?: () => Promise<void>;
}

export const UNDO_WINDOW_MS = 60 * 60_000;

const label = (answer: 'kept' | 'missed') => (answer === 'kept' ? 'I kept it' : 'Not this time');

function refused(reason: string) {
  if (reason === 'expired') {
    return simplePage(
      410,
      'This link has expired',
      '<p>Check-in links work for 48 hours. You can still answer the latest check-in by replying to a text with Y or N.</p>',
    );
  }
  return simplePage(
    404,
    'This link is not valid',
    '<p>The link may have been cut short by your mail app. Open it from the email again, or reply to a text with Y or N.</p>',
  );
}

/**
 * One-click check-ins from email (`/c/{token}`). Mail security scanners open links by
 * themselves, so the GET only shows a button; the answer is logged by the button's POST,
 * with the same rules as an SMS reply. The confirmation offers an undo for an hour.
 */
export function checkInLinkRoutes(deps: CheckInLinkDeps): Route[] {
  const { now } = deps;
  type Loaded = {
    checkIn: CheckIn;
    partner: PartnerRecord;
    other: PartnerRecord | undefined;
    answer: 'kept' | 'missed';
  };
  const load = async (token: string): Promise<Loaded | { error: HttpResponse }> => {
    const check = readCheckInToken(deps.linkSecret, token, now());
    if (!check.ok) return { error: refused(check.reason) };
    const { p: pairId, r: partnerId, k: checkInKey, a: answer } = check.payload;
    const [checkIn, partners] = await Promise.all([
      getCheckIn(deps.store, pairId, checkInKey),
      listPartners(deps.store, pairId),
    ]);
    const partner = partners.find((x) => x.partnerId === partnerId);
    if (!checkIn || !partner) return { error: refused('unknown') };
    return { checkIn, partner, other: partners.find((x) => x.partnerId !== partnerId), answer };
  };
  return [
    {
      method: 'GET',
      path: '/c/:token',
      handle: async (_request, params) => {
        const loaded = await load(params.token!);
        if ('error' in loaded) return loaded.error;
        return simplePage(
          200,
          `${lowerFirst(loaded.checkIn.title)}`.replace(/^./, (c) => c.toUpperCase()),
          `<p>Log your answer for ${escapeHtml(loaded.checkIn.occurrenceAt.slice(0, 10))}:</p><form method="post"><button type="submit">${label(loaded.answer)}</button></form>`,
        );
      },
    },
    {
      method: 'POST',
      path: '/c/:token',
      authorizedBy: 'link-token',
      handle: async (_request, params) => {
        const loaded = await load(params.token!);
        if ('error' in loaded) return loaded.error;
        try {
          await logAnswer(deps, { partner: loaded.partner, other: loaded.other }, loaded.checkIn, loaded.answer, now());
        } catch (error) {
          if (!(error instanceof CheckInClosedError)) throw error;
          const shared = loaded.checkIn.ownerId === 'both' && loaded.checkIn.status === 'kept';
          return simplePage(
            409,
            shared ? 'Already logged' : 'This check-in has closed',
            shared
              ? '<p>Your partner already logged it as done. Nothing else to do.</p>'
              : '<p>Check-ins stay open for 24 hours, so this one stays as it was. The next one is a new chance.</p>',
          );
        }
        await deps.afterAnswer?.();
        const shares = loaded.answer === 'kept' && loaded.checkIn.ownerId === loaded.partner.partnerId && loaded.other;
        return simplePage(
          200,
          loaded.answer === 'kept' ? 'Logged as kept. Nice work.' : 'Logged. Thank you for being honest.',
          `<p>${shares ? `${escapeHtml(loaded.other!.name)} will see that you kept it.` : 'Tomorrow is a new chance.'}</p><form method="post" action="/c/${escapeHtml(params.token!)}/undo"><button type="submit" class="secondary">Undo (for the next hour)</button></form>`,
        );
      },
    },
    {
      method: 'POST',
      path: '/c/:token/undo',
      authorizedBy: 'link-token',
      handle: async (_request, params) => {
        const loaded = await load(params.token!);
        if ('error' in loaded) return loaded.error;
        const undone = await undoAnswer(
          deps.store,
          loaded.checkIn,
          loaded.partner.partnerId,
          loaded.answer,
          now(),
          UNDO_WINDOW_MS,
        );
        return undone
          ? simplePage(
              200,
              'Undone',
              '<p>Your answer was taken back. You can answer again from the email or by text.</p>',
            )
          : simplePage(
              409,
              'Nothing to undo',
              '<p>Answers can be taken back for an hour, and only the one you gave with this link.</p>',
            );
      },
    },
  ];
}
