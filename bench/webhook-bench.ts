import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { connectStore } from '../local/embedded-store.ts';
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

async function load(url: string, signer: (sid: string) => { body: string; signature: string }, seconds: number) {
  let n = 0;
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const { body, signature } = signer(`SMbench${process.pid}x${n++}`);
          return { ...request, body, headers: { ...(request.headers as object), 'x-twilio-signature': signature } };
        },
      },
    ],
  });
  return result;
}

export interface WebhookFigures {
  rps: number;
  bareRps: number;
  rpsRatioVsBare: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  handledOnce: boolean;
  requests: number;
}

/**
 * Signed inbound texts against `kept start` on loopback (its own process), 50 connections,
 * against a bare Node server answering the same TwiML in the same run. Afterwards every
 * accepted text must be logged exactly once, with exactly one reply.
 */
export async function benchWebhook(seconds = 10): Promise<WebhookFigures> {
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
  const bare = spawn(process.execPath, ['bench/bare-twiml-server.mjs'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await waitForLine(kept, /Kept is running/);
    const barePort = Number((await waitForLine(bare, /^(\d+)$/m))[1]);
    const plan = JSON.parse(readFileSync(join(root, 'examples/plan.json'), 'utf8'));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    const apply = spawn(process.execPath, ['local/bin/kept.mjs', 'apply', join(dir, 'plan.json'), '--data', data], {
      cwd: root,
      env,
      stdio: 'ignore',
    });
    await new Promise((resolve) => apply.once('exit', resolve));
    const token = JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8')).webhookToken as string;
    const signer = (base: string) => (sid: string) => {
      const params = { MessageSid: sid, From: '+15555550101', To: '+15550000000', Body: 'WEEK' };
      return {
        body: new URLSearchParams(params).toString(),
        signature: twilioWebhooks.getExpectedTwilioSignature(token, `${base}/webhooks/twilio/sms`, params),
      };
    };
    const bareResult = await load(
      `http://127.0.0.1:${barePort}/webhooks/twilio/sms`,
      signer(`http://127.0.0.1:${barePort}`),
      seconds,
    );
    const keptResult = await load(`${publicUrl}/webhooks/twilio/sms`, signer(publicUrl), seconds);
    const info = JSON.parse(readFileSync(join(data, 'server.json'), 'utf8'));
    const store = await connectStore(info.storeEndpoint);
    // Let the requests the load generator stopped waiting for finish on the server.
    let inbound = await queryPairPrefix(store, 'PAIR#sam-alex', 'IN#');
    for (let i = 0; i < 60 && inbound.some((text) => text.status !== 'done'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      inbound = await queryPairPrefix(store, 'PAIR#sam-alex', 'IN#');
    }
    const replies = (await queryPairPrefix(store, 'PAIR#sam-alex', 'DLV#')).filter((d) => d.kind === 'reply');
    const accepted = keptResult['2xx'];
    // Every text Kept handled (some may have finished after the load generator stopped counting)
    // has exactly one reply, and no text was handled twice.
    const texts = new Set(inbound.map((i) => String(i.SK).slice('IN#'.length)));
    const answered = replies.map((d) => String(d.scheduleId).slice('reply:'.length));
    return {
      rps: keptResult.requests.average,
      bareRps: bareResult.requests.average,
      rpsRatioVsBare: keptResult.requests.average / bareResult.requests.average,
      p50Ms: keptResult.latency.p50,
      p99Ms: keptResult.latency.p99,
      errors: keptResult.errors + keptResult.timeouts,
      non2xx: keptResult.non2xx,
      requests: accepted,
      handledOnce:
        inbound.length >= accepted &&
        answered.length === texts.size &&
        new Set(answered).size === answered.length &&
        answered.every((sid) => texts.has(sid)),
    };
  } finally {
    kept.kill('SIGTERM');
    bare.kill('SIGTERM');
    await new Promise((resolve) => kept.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
