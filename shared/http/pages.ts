import { escapeHtml } from '../messages/email-html.ts';
import type { HttpResponse } from './types.ts';

/** A small self-contained page (no external resources) for links opened from email. */
export function simplePage(status: number, title: string, bodyHtml: string): HttpResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#1d2330;background:#f7f8fb;margin:0;padding:2rem 1rem}main{max-width:30rem;margin:0 auto;background:#fff;border:1px solid #d9dee8;border-radius:.5rem;padding:1.5rem}h1{font-size:1.3rem;margin-top:0}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#1f6f5c;color:#fff;cursor:pointer}button.secondary{background:#566074}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${bodyHtml}</main></body></html>`,
  };
}

/** A link from an email that does not check out (cut short, altered, or for something else): 404. */
export const linkNotValidPage = () =>
  simplePage(
    404,
    'This link is not valid',
    '<p>The link may have been cut short by your mail app. Open it from the email again.</p>',
  );
