import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The dashboard's files in Lambda: the stack copies web/ next to the bundle (index.mjs);
 * unbundled (tests) they are the repository's. Read once per cold start.
 */
const bundled = fileURLToPath(new URL('./web/', import.meta.url));
const webDir = existsSync(bundled) ? bundled : fileURLToPath(new URL('../../web/', import.meta.url));
const files = new Map<string, string>();

export function readWebFile(file: string): string {
  let body = files.get(file);
  if (body === undefined) {
    body = readFileSync(`${webDir}${file}`, 'utf8');
    files.set(file, body);
  }
  return body;
}
