import { systemClock, type Clock } from '../../shared/app-deps.ts';
import type { LocalSettings } from '../../shared/config/local-settings.ts';
import type { HttpRequest, HttpResponse } from '../../shared/http/types.ts';
import { terminalLogger, type Logger } from '../../shared/util/logger.ts';
import { redactText } from '../../shared/util/redact.ts';
import { maskAddress } from '../../shared/util/privacy.ts';
import { MINUTE_MS } from '../../shared/util/time.ts';
import { openEmbeddedStore } from '../embedded-store.ts';
import type { LocalEngine } from '../engine.ts';
import { composeLocal } from '../compose.ts';
import { listen } from '../http-server.ts';
import { loadLocalSecrets } from '../local-secrets.ts';
import type { Output } from '../output.ts';
import {
  readServerInfo,
  registerRunning,
  removeServerInfo,
  unregisterRunning,
  writeServerInfo,
} from '../server-file.ts';
import { explainStartupFailure, StartupError } from '../startup-error.ts';

export interface RunningServer {
  url: string;
  storeEndpoint: string;
  engine: LocalEngine;
  stop(): Promise<void>;
}

const RETRY_POLL_MS = 5_000;

/**
 * `kept start`: the embedded store on the data folder, the HTTP server (outbox, webhooks,
 * API) and the minute tick on the real clock, all in this process.
 */
/**
 * `clock` is for tests: the engine, sessions and links run on it while the timers run on the
 * real clock (time is passed in, never read deep in the code).
 */
export async function startServer(
  config: LocalSettings,
  out: Output,
  clock: Clock = systemClock,
): Promise<RunningServer> {
  // Every setting was checked (readLocalSettings) before this opens anything.
  const already = readServerInfo(config.KEPT_DATA_DIR);
  if (already)
    throw new StartupError(
      `Kept is already running on ${config.KEPT_DATA_DIR} (pid ${already.pid}, ${already.url}): use that one, stop it first, or start another with --data DIR --port N.`,
    );
  const logger = terminalLogger((line) => out.error(line));
  // What is opened is closed again if a later step fails: a failed start leaves nothing running.
  const opened: Array<() => Promise<void>> = [];
  const where = { port: config.KEPT_PORT, host: config.KEPT_HOST, dataDir: config.KEPT_DATA_DIR };
  try {
    return await startOpening(config, out, logger, clock, opened);
  } catch (error) {
    for (const close of opened.reverse()) await close().catch(() => undefined);
    throw explainStartupFailure(error, where);
  }
}

async function startOpening(
  config: LocalSettings,
  out: Output,
  logger: Logger,
  clock: () => number,
  opened: Array<() => Promise<void>>,
): Promise<RunningServer> {
  // The store runs in this process; other processes (kept apply) reach it on a loopback endpoint.
  const embedded = openEmbeddedStore({ dataDir: config.KEPT_DATA_DIR });
  opened.push(() => embedded.close());
  const store = await embedded.connect(undefined, config.KEPT_SHARDS);
  const storeEndpoint = await embedded.serve();
  const secrets = loadLocalSecrets(config.KEPT_DATA_DIR);
  // The handler is set once the port (and so the local public URL) is known.
  let handle: (request: HttpRequest) => Promise<HttpResponse> = async () => ({ status: 503, body: 'starting' });
  const allowedHosts = [
    ...(config.KEPT_HOST === '0.0.0.0' || config.KEPT_HOST === '::' ? [] : [config.KEPT_HOST]),
    ...(config.KEPT_PUBLIC_URL ? [new URL(config.KEPT_PUBLIC_URL).host.replace(/:\d+$/, '')] : []),
  ];
  const http = await listen((request) => handle(request), {
    port: config.KEPT_PORT,
    host: config.KEPT_HOST,
    allowedHosts,
  });
  opened.push(() => http.close());
  const publicUrl = (config.KEPT_PUBLIC_URL ?? http.url).replace(/\/$/, '');
  const composition = composeLocal({
    store,
    settings: config,
    secrets,
    publicUrl,
    logger,
    supportContact: config.KEPT_SUPPORT_CONTACT,
    now: clock,
  });
  const { engine, outbox } = composition;
  // The terminal echo is a log: redacted like every log line (the outbox page shows messages in full).
  outbox.onMessage((message) =>
    out.info(
      redactText(
        `outbox  ${message.kind.padEnd(15)} ${message.channel.padEnd(5)} to ${message.recipientId} ${maskAddress(message.to)}: ${message.body}`,
      ),
    ),
  );
  let stopped = false;
  let running = Promise.resolve();
  const runSerially = (work: () => Promise<unknown>) => {
    running = running.then(work).then(
      () => undefined,
      (error) => logger.error('engine step failed', { error }),
    );
    return running;
  };
  handle = composition.handle;
  writeServerInfo(config.KEPT_DATA_DIR, { pid: process.pid, storeEndpoint, url: http.url });
  opened.push(async () => removeServerInfo(config.KEPT_DATA_DIR));
  let tickTimer: NodeJS.Timeout | undefined;
  const scheduleTick = () => {
    if (stopped) return;
    const wait = MINUTE_MS - (Date.now() % MINUTE_MS) + 50;
    tickTimer = setTimeout(() => {
      void runSerially(() => engine.runOnce());
      scheduleTick();
    }, wait);
  };
  // Catch up at once (downtime), then on every minute.
  await runSerially(() => engine.runOnce());
  scheduleTick();
  const retryTimer = setInterval(() => void runSerially(() => engine.drain()), RETRY_POLL_MS);

  out.info(`Kept is running. Dashboard: ${http.url}/   Outbox: ${http.url}/outbox   Data: ${config.KEPT_DATA_DIR}/`);
  for (const line of composition.channelSummary) out.info(`  ${line}`);
  out.info(`Twilio webhook: ${publicUrl}/webhooks/twilio/sms (status: ${publicUrl}/webhooks/twilio/status)`);
  out.info(`Apply a plan from another terminal: npx kept apply examples/plan.json`);

  return {
    url: http.url,
    storeEndpoint,
    engine,
    async stop() {
      stopped = true;
      clearTimeout(tickTimer);
      clearInterval(retryTimer);
      await running;
      await http.close();
      removeServerInfo(config.KEPT_DATA_DIR);
      await embedded.close();
    },
  };
}

export async function startCommand(config: LocalSettings, out: Output): Promise<number> {
  const server = await startServer(config, out);
  registerRunning(config.KEPT_DATA_DIR);
  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  out.info('Stopping Kept...');
  unregisterRunning(config.KEPT_DATA_DIR);
  await server.stop();
  return 0;
}
