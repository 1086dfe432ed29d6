import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { RunningElsewhere } from './server-file.ts';
import { StartupError } from './startup-error.ts';

const DEFAULT_DATA_DIR = '.kept';

export type DataFolderUse = 'start' | 'apply' | 'read';

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

const isProjectRoot = (dir: string) => existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git'));

/**
 * The nearest `.kept` folder in `cwd` or above it, like git finds `.git`, but not above the
 * project (the first folder with a package.json or .git): a store of another project, or one
 * left in a home folder, is never picked up. `home` is where a new one belongs: the project's
 * folder, or `cwd` outside any project.
 */
function findDataFolder(cwd: string): { found: string | null; home: string } {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (isFolder(join(dir, DEFAULT_DATA_DIR))) return { found: join(dir, DEFAULT_DATA_DIR), home: dir };
    if (isProjectRoot(dir)) return { found: null, home: dir };
    if (dirname(dir) === dir) return { found: null, home: resolve(cwd) };
  }
}

/**
 * Which data folder a command works on. Without --data (or KEPT_DATA_DIR) it is the nearest
 * `.kept` here or above, so `cd examples && kept apply plan.json` reaches the same store as
 * `npm start` in the project (when there is none yet, starting or applying makes it in the
 * project's folder). A folder named explicitly must exist, unless Kept is started on it:
 * a mistyped --data never quietly becomes a second, empty store. Neither does a command run
 * outside the project while Kept runs elsewhere (`running`): it names that server's folder.
 */
export function resolveDataFolder(
  configured: string,
  explicit: boolean,
  use: DataFolderUse,
  cwd: string = process.cwd(),
  running: RunningElsewhere[] = [],
): string {
  if (!explicit) {
    const { found, home } = findDataFolder(cwd);
    if (found) return relative(cwd, found) || '.';
    const [server] = running;
    if (server && use !== 'start')
      throw new StartupError(
        `There is no Kept data folder (${DEFAULT_DATA_DIR}) here or above, and Kept is running on ${server.dataDir} (${server.url}): use that one with --data ${server.dataDir} (or run this in its project); to make a new store here, start Kept here first (npm start or kept start).`,
        2,
      );
    if (use === 'read')
      throw new StartupError(
        `There is no Kept data folder (${DEFAULT_DATA_DIR}) here or above: apply a plan first (npx kept apply examples/plan.json), or name the folder with --data DIR.`,
      );
    return relative(cwd, join(home, configured)) || configured;
  }
  if (use === 'start' || isFolder(configured)) return configured;
  if (existsSync(configured))
    throw new StartupError(`The data folder ${configured} is a file, not a folder: check --data (or KEPT_DATA_DIR).`);
  const nearby = findDataFolder(cwd).found;
  const hint = nearby ? ` The nearest data folder is ${relative(cwd, nearby) || '.'}.` : '';
  throw new StartupError(
    `There is no Kept data folder at ${configured} (mistyped?).${hint} A new one is made by starting Kept on it: kept start --data ${configured}.`,
    2,
  );
}
