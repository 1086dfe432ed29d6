import { checkInToken, checkInUrl } from '../links/checkin-link.ts';
import { escapeHtml } from './email-html.ts';

export interface CheckInEmailItem {
  title: string;
  checkInKey: string;
}

const button = (href: string, label: string, primary: boolean) =>
  `<a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 16px;margin:4px 8px 4px 0;border-radius:6px;text-decoration:none;font-weight:bold;${primary ? 'background:#1f6f5c;color:#ffffff;' : 'background:#e3e6ee;color:#1d2330;'}">${escapeHtml(label)}</a>`;

/**
 * A check-in by email: "I kept it" and "Not this time" for each promise, each a signed link
 * (48 hours) that needs no sign-in. The text part carries the same links.
 */
export function checkInEmail(
  intro: string,
  items: CheckInEmailItem[],
  link: { secret: string; publicUrl: string; pairId: string; partnerId: string; now: number },
): { text: string; html: string } {
  const urls = items.map((item) => {
    const make = (answer: 'kept' | 'missed') =>
      checkInUrl(
        link.publicUrl,
        checkInToken(
          link.secret,
          { pairId: link.pairId, partnerId: link.partnerId, checkInKey: item.checkInKey, answer },
          link.now,
        ),
      );
    return { item, kept: make('kept'), missed: make('missed') };
  });
  const text = [
    intro,
    '',
    ...urls.flatMap(({ item, kept, missed }) => [
      `${item.title}`,
      `  I kept it: ${kept}`,
      `  Not this time: ${missed}`,
      '',
    ]),
    'Or reply to a text with Y or N.',
  ].join('\n');
  const html = [
    `<p style="margin:0 0 12px;">${escapeHtml(intro)}</p>`,
    ...urls.map(
      ({ item, kept, missed }) =>
        `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 12px;"><tr><td style="padding:4px 0;font-weight:bold;">${escapeHtml(item.title)}</td></tr><tr><td>${button(kept, 'I kept it', true)}${button(missed, 'Not this time', false)}</td></tr></table>`,
    ),
  ].join('');
  return { text, html };
}
