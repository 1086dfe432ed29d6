import { readUnsubscribeToken } from '../links/unsubscribe.ts';
import type { AppDeps } from '../app-deps.ts';
import { isOptedOut, setOptOut } from '../consent/opt-out.ts';
import { getPartner } from '../store/partner-repository.ts';
import { supporterAddress } from '../supporters/supporter-recipient.ts';
import { simplePage } from './pages.ts';
import type { Route } from './types.ts';

export interface UnsubscribeDeps extends AppDeps {
  linkSecret: string;
}

const invalid = (reason: string) =>
  reason === 'expired'
    ? simplePage(
        410,
        'This link has expired',
        '<p>Unsubscribe links last a year. Use the link in a recent email from Kept, or reply STOP to a text.</p>',
      )
    : simplePage(
        404,
        'This link is not valid',
        '<p>The link may have been cut short by your mail app. Use the link in a recent email from Kept.</p>',
      );

/**
 * The unsubscribe link in every email (List-Unsubscribe). It works without signing in. A GET
 * only shows a button (mail scanners open links by themselves); the POST, from the button or
 * from the mail client's one-click (RFC 8058), stops email.
 */
export function unsubscribeRoutes(deps: UnsubscribeDeps): Route[] {
  const { now } = deps;
  return [
    {
      method: 'GET',
      path: '/u/:token',
      handle: (_request, params) => {
        const check = readUnsubscribeToken(deps.linkSecret, params.token!, now());
        if (!check.ok) return invalid(check.reason);
        return simplePage(
          200,
          'Stop emails from Kept?',
          '<p>You will get no more email from Kept. Texts, if you get them, are not affected (reply STOP to a text for that).</p><form method="post"><button type="submit">Stop emails</button></form>',
        );
      },
    },
    {
      method: 'POST',
      path: '/u/:token',
      authorizedBy: 'link-token',
      handle: async (_request, params) => {
        const check = readUnsubscribeToken(deps.linkSecret, params.token!, now());
        if (!check.ok) return invalid(check.reason);
        const partner = await getPartner(deps.store, check.payload.p, check.payload.r);
        // A supporter can always unsubscribe, whatever confirmed them and whatever stands of
        // their agreement now (removed, asked again): the address they were mailed at.
        const email = partner ? partner.email : await supporterAddress(deps.store, check.payload.p, check.payload.r);
        const already = partner ? partner.emailUnsubscribed : email ? await isOptedOut(deps.store, email) : true;
        if (email && !already) {
          // The address is unsubscribed, from every pair, not only this one.
          await setOptOut(deps.store, email, true, {
            at: new Date(now()).toISOString(),
            status: partner?.consent ?? 'confirmed',
            source: 'email-link',
            words: 'unsubscribe',
          });
          deps.logger.info('email unsubscribed by link', { partner: check.payload.r });
        }
        return simplePage(
          200,
          'Done: no more emails',
          '<p>Kept will not email you again. Your partner is not told.</p>',
        );
      },
    },
  ];
}
