import type { Route } from './types.ts';

const TYPES: Record<string, string> = {
  html: 'text/html',
  js: 'text/javascript',
  css: 'text/css',
  svg: 'image/svg+xml',
};

/** The dashboard's files, served at these paths (the same list routes them in API Gateway). */
export const WEB_FILES = { '/': 'index.html', '/app.js': 'app.js', '/app.css': 'app.css' } as const;

/**
 * The dashboard's static files (web/), with a strict content security policy: nothing
 * external. `readWebFile` reads one file by name: from the repository locally, from the
 * bundle's copy in Lambda.
 */
export function webRoutes(readWebFile: (file: string) => string): Route[] {
  const serve = (file: string) => {
    return () => {
      const body = readWebFile(file);
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
        body,
      };
    };
  };
  return Object.entries(WEB_FILES).map(([path, file]) => ({ method: 'GET', path, handle: serve(file) }));
}
