import type { DeliveryQueue } from '../delivery/queue.ts';
import type { AppDeps } from '../app-deps.ts';
import { readJoinToken } from '../links/join-link.ts';
import { activateSchedulesFor } from '../plan/activate-schedules.ts';
import { getPairItem } from '../store/pair-repository.ts';
import { answerConsent, getPartner } from '../store/partner-repository.ts';
import { escapeHtml } from '../messages/email-html.ts';
import { simplePage } from './pages.ts';
import type { Route } from './types.ts';

/**
 * Joining by the link in an emailed invitation (`/j/{token}`): the GET shows a button (mail
 * scanners open links), the POST records consent with its time and source, and starts the
 * partner's schedules, exactly as a YES by text does.
 */
export function joinRoutes(deps: AppDeps & { queue: DeliveryQueue; linkSecret: string }): Route[] {
  const { now } = deps;
  const load = async (token: string) => {
    const check = readJoinToken(deps.linkSecret, token, now());
    if (!check.ok) return null;
    const partner = await getPartner(deps.store, check.payload.p, check.payload.r);
    return partner ? { partner, pair: await getPairItem(deps.store, partner.pairId) } : null;
  };
  const invalid = () =>
    simplePage(
      404,
      'This invitation link is not valid',
      '<p>It may have expired (links last 14 days) or been cut short. Ask your partner to invite you again.</p>',
    );
  return [
    {
      method: 'GET',
      path: '/j/:token',
      handle: async (_request, params) => {
        const loaded = await load(params.token!);
        if (!loaded) return invalid();
        if (loaded.partner.consent === 'confirmed')
          return simplePage(200, 'You have already joined', '<p>Nothing else to do.</p>');
        return simplePage(
          200,
          `Join ${String(loaded.pair?.name ?? 'Kept')}?`,
          `<p>${escapeHtml(loaded.partner.name)}, you will get reminders and check-ins for the promises you and your partner make. You can stop at any time.</p><form method="post"><button type="submit">Join</button></form>`,
        );
      },
    },
    {
      method: 'POST',
      path: '/j/:token',
      authorizedBy: 'link-token',
      handle: async (_request, params) => {
        const loaded = await load(params.token!);
        if (!loaded) return invalid();
        const at = now();
        await answerConsent(deps.store, loaded.partner, {
          at: new Date(at).toISOString(),
          status: 'confirmed',
          source: 'email-link',
          words: 'Join (invitation link)',
        });
        await activateSchedulesFor(deps.store, loaded.partner.pairId, loaded.partner.partnerId, at);
        deps.logger.info('joined by invitation link', { partner: loaded.partner.partnerId });
        return simplePage(
          200,
          'Welcome to Kept',
          '<p>Your reminders start now. Every email has a link to stop them.</p>',
        );
      },
    },
  ];
}
