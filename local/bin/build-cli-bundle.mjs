// Builds the `kept` CLI (local/cli.ts and everything it imports) into one CommonJS file with
// esbuild, so that a start loads one file instead of compiling every module through tsx's loader.
// CommonJS because Node 20 can cache V8's compilation of a script (see run-cli-bundle.mjs), not of
// an ES module.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILD_SETTINGS_FILES, cacheFolder, fileStamp, writeAtomically } from './cli-bundle-cache.mjs';

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js', '.json': 'json' };
// Older bundles are removed once no start can still be about to load them: a minute after they
// stopped being the manifest's (see replacedBundle).
const OLD_BUNDLE_MS = 60_000;

/**
 * Builds the bundle, records what it was built from and returns its path. Writes go to a
 * temporary file renamed into place, so concurrent first runs never read a half-written file.
 */
export async function buildCliBundle(root) {
  const esbuild = await import('esbuild');
  const files = {};
  for (const file of BUILD_SETTINGS_FILES) files[file] = fileStamp(root, file);
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['local/cli.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      outfile: 'cli.cjs',
      metafile: true,
      logLevel: 'silent',
      // Packages are bundled too (loading one file is much faster than resolving hundreds),
      // except dynalite, which loads its actions with computed require() paths.
      external: ['dynalite', 'dynalite/*'],
      mainFields: ['module', 'main'],
      // import() becomes require(): a script loaded with V8's compilation cache cannot import()
      // on Node 20 (the cached functions lose the callback), and only Node built-ins are left to load.
      supported: { 'dynamic-import': false },
      plugins: [projectSources(root, files)],
    });
  } finally {
    await esbuild.stop();
  }
  // import.meta outside the project's files (which get their own URL below) would be empty here.
  const emptyImportMeta = result.warnings.find((warning) => warning.id === 'empty-import-meta');
  if (emptyImportMeta) throw new Error(`import.meta in a CommonJS bundle: ${emptyImportMeta.location?.file}`);
  // A file the plugin did not load itself (none today) is stamped now.
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = projectFile(root, input);
    if (file !== undefined && !(file in files)) files[file] = fileStamp(root, file);
  }
  const code = result.outputFiles[0].contents;
  const name = `cli-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`;
  const folder = cacheFolder(root);
  mkdirSync(folder, { recursive: true });
  writeAtomically(join(folder, name), code);
  const replaced = replacedBundle(folder);
  writeAtomically(join(folder, 'manifest.json'), JSON.stringify({ root, bundle: name, files }));
  if (replaced !== undefined && replaced !== name) touch(folder, replaced);
  removeOldBundles(folder, name);
  removeFoldersOfGoneProjects(dirname(folder));
  return join(folder, name);
}

/**
 * Loads the project's own files: stamps each just before reading it (an edit after that makes
 * the stamp stale, so the next start rebuilds), and gives each module its own import.meta.url,
 * so that paths resolved relative to a source file (web/, package.json, createRequire) stay
 * right inside a bundle that lives elsewhere.
 */
function projectSources(root, files) {
  return {
    name: 'kept-project-sources',
    setup(build) {
      build.onLoad({ filter: /\.(ts|mts|js|mjs|json)$/ }, (args) => {
        const file = projectFile(root, args.path);
        if (file === undefined) return undefined;
        files[file] = fileStamp(root, file);
        const source = readFileSync(args.path, 'utf8');
        const url = pathToFileURL(args.path);
        const contents = source
          .replaceAll('import.meta.url', JSON.stringify(url.href))
          .replaceAll('import.meta.filename', JSON.stringify(args.path))
          .replaceAll('import.meta.dirname', JSON.stringify(join(args.path, '..')));
        return { contents, loader: LOADERS[extname(args.path)] };
      });
    },
  };
}

/** The path relative to root of a project source (not a package), else undefined. */
function projectFile(root, path) {
  const file = relative(root, resolve(root, path));
  if (file.startsWith('..') || file.split(sep).includes('node_modules')) return undefined;
  return file;
}

/** The bundle the manifest names before this build replaces it, if any. */
function replacedBundle(folder) {
  try {
    const { bundle } = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    return typeof bundle === 'string' ? bundle : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Marks a bundle (and its compilation cache) as replaced now: a start that read the manifest just
 * before may still be about to load it, however long ago the bundle itself was written.
 */
function touch(folder, bundle) {
  const now = new Date();
  for (const file of [bundle, `${bundle}.v8cache`]) {
    try {
      utimesSync(join(folder, file), now, now);
    } catch {
      // Gone already, or never written.
    }
  }
}

function removeOldBundles(folder, current) {
  for (const entry of readdirSync(folder)) {
    // The current bundle, its compilation cache, and the manifest stay.
    if (entry === current || entry === `${current}.v8cache` || entry === 'manifest.json') continue;
    const path = join(folder, entry);
    try {
      if (Date.now() - statSync(path).mtimeMs > OLD_BUNDLE_MS) rmSync(path, { force: true });
    } catch {
      // Another start removed it first.
    }
  }
}

/** Checkouts share one node_modules here and temporary copies come and go: their bundles go with them. */
function removeFoldersOfGoneProjects(parent) {
  for (const entry of readdirSync(parent)) {
    const folder = join(parent, entry);
    try {
      const { root } = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
      if (typeof root === 'string' && !statSync(root, { throwIfNoEntry: false }))
        rmSync(folder, { recursive: true, force: true });
    } catch {
      // Not a bundle folder, or one being written: left alone.
    }
  }
}
