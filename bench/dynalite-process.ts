import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** dynalite in its own process: the store gets the other core, and the bench measures only its own heap. */
export async function startDynaliteProcess(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['bench/dynalite-server.mjs'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
