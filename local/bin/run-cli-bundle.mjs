// Loads the CommonJS bundle of the CLI with V8's compilation cache: compiling 2 MB of JavaScript
// is most of what is left of a start once it is one file, and Node 20 has no cache of its own
// for that (module.enableCompileCache came in Node 22).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';
import { writeAtomically } from './cli-bundle-cache.mjs';

/**
 * The bundle's exports. Writes the compilation cache next to the bundle when there is none or V8
 * refused it (another Node version, other V8 flags); the cache belongs to one bundle file, whose
 * name is a hash of its contents.
 */
export function runCliBundle(bundle) {
  const cachePath = `${bundle}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(bundle, 'utf8');
  // The same wrapper Node gives a CommonJS module.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  if (cachedData === undefined || script.cachedDataRejected) {
    try {
      // After the module ran, so the functions its start-up compiled are in the cache too.
      writeAtomically(cachePath, script.createCachedData());
    } catch {
      // A cache that cannot be written only costs the next start its compilation.
    }
  }
  return module.exports;
}
