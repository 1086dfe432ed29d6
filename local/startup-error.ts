/**
 * A problem that stops `kept start` (or another command) before it runs: one line for people,
 * naming the cause and the fix. The CLI prints the message alone, with no stack trace.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}

const portHint = (port: number) => {
  const other = port === 0 ? 3001 : port + 1;
  return `choose another with --port ${other} (or KEPT_PORT=${other})`;
};

/**
 * Turns what the operating system says when a listening socket or the data folder cannot be
 * opened into a sentence that says what to do; anything else is returned unchanged.
 */
export function explainStartupFailure(error: unknown, where: { port: number; host: string; dataDir: string }): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const { port, host, dataDir } = where;
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(
        `Port ${port} is already in use (another Kept or another program): stop that program, or ${portHint(port)}.`,
        1,
        { cause: error },
      );
    case 'EACCES':
    case 'EPERM':
      if (isSocketError(error))
        return new StartupError(
          `Port ${port} needs administrator rights on this system: ${portHint(port < 1024 ? 2999 : port)}.`,
          1,
          { cause: error },
        );
      return new StartupError(
        `The data folder ${dataDir} cannot be written (permission denied): choose a folder you own with --data DIR (or KEPT_DATA_DIR).`,
        1,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAFNOSUPPORT':
      return new StartupError(
        `KEPT_HOST "${host}" is not an address of this machine: use 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of this machine's addresses.`,
        2,
        { cause: error },
      );
    case 'ENOTDIR':
    case 'EEXIST':
      return new StartupError(
        `The data folder ${dataDir} is a file, not a folder: remove it, or choose another folder with --data DIR (or KEPT_DATA_DIR).`,
        1,
        { cause: error },
      );
    case 'EROFS':
    case 'ENOSPC':
      return new StartupError(
        `The data folder ${dataDir} cannot be written (${code === 'EROFS' ? 'read-only file system' : 'disk full'}): free space or choose another folder with --data DIR.`,
        1,
        { cause: error },
      );
    default:
      if (error instanceof Error && /\block\b.*(held|LOCK)|LOCK.*(held|unavailable)/i.test(error.message))
        return new StartupError(
          `The data folder ${dataDir} is in use by another process (its store is locked): stop that process, or choose another folder with --data DIR.`,
          1,
          { cause: error },
        );
      return error;
  }
}

function isSocketError(error: unknown): boolean {
  const syscall = (error as NodeJS.ErrnoException).syscall;
  return syscall === 'listen' || syscall === 'bind';
}
