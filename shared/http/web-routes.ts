import { errorResponse, type HttpResponse, type Route } from './types.ts';

const TYPES: Record<string, string> = {
  html: 'text/html',
  js: 'text/javascript',
  css: 'text/css',
  svg: 'image/svg+xml',
};

/** The dashboard's files, served at these paths (the same list routes them in API Gateway). */
export const WEB_FILES = { '/': 'index.html', '/app.js': 'app.js', '/app.css': 'app.css' } as const;

/** The dashboard's ES modules (web/js/), imported by app.js: one route for the folder, here and in API Gateway. */
export const WEB_MODULES_PATH = '/js/:file';

// A module name only: no folder, no dot-dot, nothing but web/js/*.js can be named.
const MODULE_NAME = /^[a-z0-9-]{1,60}\.js$/;

/**
 * The dashboard's static files (web/), with a strict content security policy: nothing
 * external. `readWebFile` reads one file by name: from the repository locally, from the
 * bundle's copy in Lambda.
 */
export function webRoutes(readWebFile: (file: string) => string): Route[] {
  const respond = (file: string): HttpResponse => {
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
  const serveModule = (params: Record<string, string>): HttpResponse => {
    const name = params.file ?? '';
    if (!MODULE_NAME.test(name)) return errorResponse(404, 'not_found', 'No such page');
    try {
      return respond(`js/${name}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return errorResponse(404, 'not_found', 'No such page');
      throw error;
    }
  };
  return [
    ...Object.entries(WEB_FILES).map(([path, file]) => ({ method: 'GET', path, handle: () => respond(file) })),
    { method: 'GET', path: WEB_MODULES_PATH, handle: (_request, params) => serveModule(params) },
  ];
}
