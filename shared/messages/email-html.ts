import type { OutboundMessage } from '../model/message.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML: a title of "<script>" shows as text, never as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** Wraps content in a mail-client-safe page: tables, inline styles, no scripts, no external images. */
export function emailLayout(title: string, innerHtml: string, unsubscribeUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f8;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f8;padding:24px 0;">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#1d2330;">
<tr><td style="padding:20px 24px 8px;font-size:13px;color:#1f6f5c;font-weight:bold;letter-spacing:.04em;">KEPT</td></tr>
<tr><td style="padding:0 24px 20px;font-size:16px;line-height:1.5;">${innerHtml}</td></tr>
<tr><td style="padding:12px 24px 20px;font-size:12px;color:#566074;border-top:1px solid #e3e6ee;">You get this because you and your partner use Kept. <a href="${escapeHtml(unsubscribeUrl)}" style="color:#566074;">Stop these emails</a>.</td></tr>
</table>
</td></tr>
</table>
</body></html>`;
}

/** The HTML part of an ordinary message: its text, escaped, paragraph by paragraph. */
export function renderEmailHtml(message: OutboundMessage, unsubscribeUrl: string): string {
  if (message.html) return emailLayout(message.subject ?? 'Kept', message.html, unsubscribeUrl);
  const paragraphs = message.body
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px;">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return emailLayout(message.subject ?? 'Kept', paragraphs, unsubscribeUrl);
}
