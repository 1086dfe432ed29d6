// Loads the `kept` CLI: from the precompiled bundle when it matches the sources (built first when
// it does not), else from the TypeScript sources through tsx, as before the bundle existed.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './cli-bundle-cache.mjs';
import { runCliBundle } from './run-cli-bundle.mjs';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The CLI module ({ main }), where it came from: 'bundle' (cached and fresh), 'built' (built
 * now) or 'tsx', and why not from a bundle. KEPT_NO_BUNDLE=1 always uses tsx. Any failure to
 * build or load the bundle (esbuild missing, a folder that cannot be written, a source esbuild
 * refuses) falls back to tsx without a word: tsx then reports a mistake in the sources the way
 * it always has.
 */
export async function loadCli(root = PROJECT_ROOT, env = process.env) {
  let reason = 'KEPT_NO_BUNDLE=1';
  if (env.KEPT_NO_BUNDLE !== '1') {
    try {
      const cached = freshBundle(root);
      if (cached) return { source: 'bundle', cli: runCliBundle(cached) };
      const { buildCliBundle } = await import('./build-cli-bundle.mjs');
      const built = await buildCliBundle(root);
      return { source: 'built', cli: runCliBundle(built) };
    } catch (error) {
      reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return { source: 'tsx', reason, cli: await import(pathToFileURL(join(root, 'local', 'cli.ts')).href) };
}
