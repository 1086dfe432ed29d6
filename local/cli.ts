import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { applyCommand } from './commands/apply.ts';
import { exportPlanCommand } from './commands/export-plan.ts';
import { previewCommand } from './commands/preview.ts';
import { terminalConfirm } from './terminal-confirm.ts';
import { simulateCommand } from './commands/simulate.ts';
import { startCommand } from './commands/start.ts';
import { ConfigError } from '../shared/config/config-problems.ts';
import { readLocalSettings, type LocalSettings } from '../shared/config/local-settings.ts';
import { consoleOutput, type Output } from './output.ts';
import { StartupError } from './startup-error.ts';
import { resolveDataFolder } from './data-folder.ts';
import { runningServers } from './server-file.ts';

const USAGE = `Usage: kept <command> [options]    (kept --version, kept --help)

  start    [--port N] [--data DIR]              run Kept locally (store, HTTP server, minute tick)
  apply    PLAN.json [--prune] [--data DIR]     validate a plan, show what changes, write it; items not in the
                                                file are deleted only with --prune (or a "y" on a terminal)
  export-plan [--pair ID] [--out FILE] [--data DIR]
                                                write the stored plan (dashboard edits included) as a plan file
  preview  [--days 7] [--data DIR] [--json]     the messages that will be sent, in time order
  simulate PLAN.json --from ISO --until ISO [--replies FILE] [--faults RATE --seed N] [--stats]
                                                run the real engine on a virtual clock; one JSON line per message
                                                (--stats: one JSON line of counts to stderr)
`;

const OPTIONS = {
  port: { type: 'string' },
  data: { type: 'string' },
  days: { type: 'string' },
  json: { type: 'boolean' },
  from: { type: 'string' },
  until: { type: 'string' },
  replies: { type: 'string' },
  faults: { type: 'string' },
  seed: { type: 'string' },
  stats: { type: 'boolean' },
  prune: { type: 'boolean' },
  pair: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Runs the `kept` command; returns the exit code. Never prints a stack trace for a user's mistake. */
export async function main(
  argv: string[],
  out: Output = consoleOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    out.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    out.info(`kept ${keptVersion()}`);
    return 0;
  }
  if (values.help || !command) {
    out.info(USAGE);
    return command || values.help ? 0 : 2;
  }
  try {
    // Every setting is read and checked once, here, before any command opens anything.
    let config: LocalSettings = readLocalSettings(env, { port: values.port, data: values.data });
    if (command === 'start' || command === 'apply' || command === 'preview') {
      const explicit = values.data !== undefined || env.KEPT_DATA_DIR !== undefined;
      const use = command === 'preview' ? 'read' : command;
      const folder = resolveDataFolder(config.KEPT_DATA_DIR, explicit, use, process.cwd(), runningServers());
      config = { ...config, KEPT_DATA_DIR: folder };
    }
    switch (command) {
      case 'start':
        return await startCommand(config, out);
      case 'apply':
        if (!rest[0]) return usageError(out, 'apply needs a plan file: kept apply PLAN.json');
        return await applyCommand(rest[0], config, out, {
          prune: values.prune ?? false,
          confirm: terminalConfirm(),
        });
      case 'export-plan':
        return await exportPlanCommand({ pair: values.pair, out: values.out }, config, out);
      case 'preview': {
        const days = values.days === undefined ? 7 : Number(values.days);
        if (!Number.isInteger(days) || days < 1 || days > 366)
          return usageError(out, '--days must be a whole number from 1 to 366');
        return await previewCommand(days, values.json ?? false, config, out);
      }
      case 'simulate':
        if (!rest[0])
          return usageError(out, 'simulate needs a plan file: kept simulate PLAN.json --from ISO --until ISO');
        return await simulateCommand(
          {
            planPath: rest[0],
            from: values.from,
            until: values.until,
            faults: values.faults,
            seed: values.seed,
            replies: values.replies,
            stats: values.stats,
          },
          out,
        );
      default:
        return usageError(out, `unknown command "${command}"`);
    }
  } catch (error) {
    // Settings and start-up problems are sentences for people: printed alone, one line each.
    if (error instanceof ConfigError) {
      for (const problem of error.problems) out.error(`kept ${command}: ${problem}`);
      return 2;
    }
    if (error instanceof StartupError) {
      out.error(`kept ${command}: ${error.message}`);
      return error.exitCode;
    }
    out.error(`kept ${command} failed: ${(error as Error).message}`);
    return 1;
  }
}

/** The version in package.json, the one place it is written. */
function keptVersion(): string {
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
  return String(manifest.version);
}

function usageError(out: Output, message: string): number {
  out.error(`${message}\n\n${USAGE}`);
  return 2;
}
