// Where the precompiled `kept` CLI lives and whether it still matches the sources. Plain JS with
// only node: imports, because it runs before anything can compile TypeScript; it stays small
// because it runs on every start.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files outside the bundle's own inputs that change what a build produces. */
export const BUILD_SETTINGS_FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  // npm rewrites this on every install, update or removal: it stands for the bundled packages.
  'node_modules/.package-lock.json',
  'local/bin/build-cli-bundle.mjs',
  'local/bin/cli-bundle-cache.mjs',
];

/**
 * The cache folder for one project folder. It is inside the project's node_modules so that the
 * bundle's bare imports (the packages left out of it) resolve as they do from the sources, and it
 * is named after the project's path because several checkouts may share one node_modules.
 */
export function cacheFolder(root) {
  return join(root, 'node_modules', '.cache', 'kept', root.replace(/[^A-Za-z0-9]+/g, '-'));
}

/** Size and modification time of a file under root, or null if it does not exist. */
export function fileStamp(root, file) {
  // Concatenated, not path.join: this runs for every source file on every start.
  const stats = statSync(`${root}/${file}`, { throwIfNoEntry: false });
  return stats ? [stats.size, stats.mtimeMs] : null;
}

/**
 * The bundle recorded for this project, if every file it was built from (and every build
 * setting) still has the size and modification time it had when the build read it; else undefined.
 */
export function freshBundle(root) {
  const folder = cacheFolder(root);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest.root !== root || typeof manifest.bundle !== 'string') return undefined;
  for (const [file, stamp] of Object.entries(manifest.files ?? {})) {
    const now = fileStamp(root, file);
    if (now === null || stamp === null ? now !== stamp : now[0] !== stamp[0] || now[1] !== stamp[1]) return undefined;
  }
  const bundle = join(folder, manifest.bundle);
  return statSync(bundle, { throwIfNoEntry: false }) ? bundle : undefined;
}

/** Writes through a temporary file renamed into place: a concurrent start never reads half a file. */
export function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
