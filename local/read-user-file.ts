import { readFile } from 'node:fs/promises';

/** A file named on the command line, or why it could not be read, in words for people. */
export async function readUserFile(path: string): Promise<{ ok: true; text: string } | { ok: false; why: string }> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    return { ok: false, why: unreadableBecause(error) };
  }
}

/** Why a plan file could not be read, for people (the system's words are EISDIR and the like). */
function unreadableBecause(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a folder; name the file inside it, like examples/plan.json';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    default:
      return (error as Error).message;
  }
}
