import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Route } from '../shared/http/types.ts';

const TYPES: Record<string, string> = {
  html: 'text/html',
  js: 'text/javascript',
  css: 'text/css',
  svg: 'image/svg+xml',
};

/** The dashboard's static files (web/), with a strict content security policy: nothing external. */
export function webRoutes(): Route[] {
  const serve = (file: string) => () => {
    const type = TYPES[file.split('.').pop()!] ?? 'application/octet-stream';
    return {
      status: 200,
      headers: {
        'content-type': `${type}; charset=utf-8`,
        'cache-control': 'no-cache',
        'content-security-policy':
          "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        'referrer-policy': 'no-referrer',
      },
      body: readFileSync(fileURLToPath(new URL(`../web/${file}`, import.meta.url)), 'utf8'),
    };
  };
  return [
    { method: 'GET', path: '/', handle: serve('index.html') },
    { method: 'GET', path: '/app.js', handle: serve('app.js') },
    { method: 'GET', path: '/app.css', handle: serve('app.css') },
  ];
}
