import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { connectStore } from '../local/embedded-store.ts';
import { recordPrompt } from '../shared/store/checkin-repository.ts';
import { checkInSk } from '../shared/store/keys.ts';
import { getPartner, setNumbering } from '../shared/store/partner-repository.ts';
import { queryPairPrefix } from '../shared/store/query-all.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        child.stdout!.off('data', onData);
        resolve(match);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}: ${seen}`)));
  });
}

async function load(
  url: string,
  signer: (sid: string) => { body: string; signature: string },
  seconds: number,
  connections: number,
) {
  let n = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const { body, signature } = signer(`SMbench${process.pid}x${connections}x${n++}`);
          return { ...request, body, headers: { ...(request.headers as object), 'x-twilio-signature': signature } };
        },
      },
    ],
  });
}

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface WebhookFigures {
  /** One connection: latency of a signed `Y` to an open check-in, answer included. */
  p50Ms: number;
  p99Ms: number;
  /** The verify-only server at one connection. */
  baselineP50Ms: number;
  baselineP99Ms: number;
  /** kept start's CPU per text at one connection (webhook, store in-process, reply sent). */
  cpuMsPerText: number;
  /** Saturation: texts per second with 16 connections, and the verify-only server's. */
  rps: number;
  baselineRps: number;
  errors: number;
  non2xx: number;
  handledOnce: boolean;
  requests: number;
}

const SATURATION_CONNECTIONS = 16;

/**
 * Signed `Y` texts to an open check-in against `kept start` on loopback (its own process, the
 * store in-process), first at one connection (latency and CPU per text), then at 16 (rps).
 * The baseline is a server that reads the form and verifies Twilio's signature with the same
 * library, in the same run. Afterwards every accepted text must be logged once, with one reply.
 */
export async function benchWebhook(seconds = 8): Promise<WebhookFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'kept-bench-webhook-'));
  const data = join(dir, 'data');
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const publicUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    KEPT_PUBLIC_URL: publicUrl,
    KEPT_HOST: '127.0.0.1',
  };
  const kept = spawn(process.execPath, ['local/bin/kept.mjs', 'start', '--port', String(port), '--data', data], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let baseline: ChildProcess | undefined;
  try {
    await waitForLine(kept, /Kept is running/);
    const plan = JSON.parse(readFileSync(join(root, 'examples/plan.json'), 'utf8'));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    const apply = spawn(process.execPath, ['local/bin/kept.mjs', 'apply', join(dir, 'plan.json'), '--data', data], {
      cwd: root,
      env,
      stdio: 'ignore',
    });
    await new Promise((resolve) => apply.once('exit', resolve));
    const info = JSON.parse(readFileSync(join(data, 'server.json'), 'utf8'));
    const store = await connectStore(info.storeEndpoint);
    // Sam's check-in is open, as the sender leaves it when the check-in goes out.
    const now = Date.now();
    await recordPrompt(
      store,
      {
        pairId: 'sam-alex',
        ref: 'commitment:lunch-call',
        title: 'Call Alex at lunch',
        ownerId: 'sam',
        occurrenceAt: now - 60_000,
        status: 'open',
      },
      'sam',
      now,
    );
    const sam = (await getPartner(store, 'sam-alex', 'sam'))!;
    await setNumbering(store, sam, [checkInSk(now - 60_000, 'commitment:lunch-call')], now);

    const token = JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8')).webhookToken as string;
    baseline = spawn(process.execPath, ['bench/verify-only-server.mjs', token], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const baselinePort = Number((await waitForLine(baseline, /^(\d+)$/m))[1]);
    const signer = (base: string) => (sid: string) => {
      const params = { MessageSid: sid, From: '+15555550101', To: '+15550000000', Body: 'Y' };
      return {
        body: new URLSearchParams(params).toString(),
        signature: twilioWebhooks.getExpectedTwilioSignature(token, `${base}/webhooks/twilio/sms`, params),
      };
    };
    const baseUrl = `http://127.0.0.1:${baselinePort}`;
    const baseOne = await load(`${baseUrl}/webhooks/twilio/sms`, signer(baseUrl), seconds, 1);
    const baseSaturated = await load(
      `${baseUrl}/webhooks/twilio/sms`,
      signer(baseUrl),
      seconds,
      SATURATION_CONNECTIONS,
    );
    if (baseOne['2xx'] === 0) throw new Error('the verify-only baseline refused every signature');

    const cpuBefore = cpuSecondsOf(kept.pid!);
    const one = await load(`${publicUrl}/webhooks/twilio/sms`, signer(publicUrl), seconds, 1);
    // The reply goes out after the answer: let it finish before reading the CPU.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cpuMsPerText = ((cpuSecondsOf(kept.pid!) - cpuBefore) * 1000) / Math.max(1, one['2xx']);
    const saturated = await load(
      `${publicUrl}/webhooks/twilio/sms`,
      signer(publicUrl),
      seconds,
      SATURATION_CONNECTIONS,
    );

    // Let the requests the load generator stopped waiting for finish on the server: a text handled
    // in one transaction has no inbound record until it is done, so wait until the records stop
    // changing and are all done; read the replies, then the records again (each reply is written
    // with or after its text's record).
    let inbound = await queryPairPrefix(store, 'PAIR#sam-alex', 'IN#');
    for (let i = 0, settled = 0; i < 60 && settled < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const again = await queryPairPrefix(store, 'PAIR#sam-alex', 'IN#');
      settled = again.length === inbound.length && again.every((text) => text.status === 'done') ? settled + 1 : 0;
      inbound = again;
    }
    const replies = (await queryPairPrefix(store, 'PAIR#sam-alex', 'DLV#')).filter((d) => d.kind === 'reply');
    inbound = await queryPairPrefix(store, 'PAIR#sam-alex', 'IN#');
    const accepted = one['2xx'] + saturated['2xx'];
    // Every text Kept handled (some may have finished after the load generator stopped counting)
    // has exactly one reply, and no text was handled twice.
    const texts = new Set(inbound.map((i) => String(i.SK).slice('IN#'.length)));
    const answered = replies.map((d) => String(d.scheduleId).slice('reply:'.length));
    return {
      p50Ms: one.latency.p50,
      p99Ms: one.latency.p99,
      baselineP50Ms: baseOne.latency.p50,
      baselineP99Ms: baseOne.latency.p99,
      cpuMsPerText,
      rps: saturated.requests.average,
      baselineRps: baseSaturated.requests.average,
      errors: one.errors + one.timeouts + saturated.errors + saturated.timeouts,
      non2xx: one.non2xx + saturated.non2xx,
      requests: accepted,
      handledOnce:
        inbound.length >= accepted &&
        answered.length === texts.size &&
        new Set(answered).size === answered.length &&
        answered.every((sid) => texts.has(sid)),
    };
  } finally {
    kept.kill('SIGTERM');
    baseline?.kill('SIGTERM');
    await new Promise((resolve) => kept.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
