import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Route } from '../shared/http/types.ts';
import { webRoutes as sharedWebRoutes } from '../shared/http/web-routes.ts';

/** The dashboard, read from the repository's web/ folder. */
export function webRoutes(): Route[] {
  return sharedWebRoutes((file) => readFileSync(fileURLToPath(new URL(`../web/${file}`, import.meta.url)), 'utf8'));
}
