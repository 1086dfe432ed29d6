import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  statusCallback?: string;
  validityPeriod?: string;
  auth: string;
  date_created: string;
  /** Null while queued, as at Twilio: a `DateSent` filter does not find it yet. */
  date_sent?: string | null;
  status?: 'queued' | 'sent' | 'delivered';
}

type Behaviour = { status: number; body: Record<string, unknown> } | 'hang' | 'accept-then-500';

/**
 * A small Twilio-compatible server for the Messages API. Like Twilio, it never removes
 * duplicates: every accepted POST is a new message. It creates, lists (newest first, filtered by
 * To, From and DateSent like Twilio: queued messages have no DateSent) and fetches messages by
 * SID, checks Basic auth, and can be told to answer the next POSTs with errors (429, 5xx, error
 * codes), to hang (a timeout), or to accept a message and still answer 500 (outcome unknown).
 */
export async function startTwilioFake(
  accountSid: string,
  authToken: string,
  clock: { now: () => number } = { now: Date.now },
) {
  const messages: FakeTwilioMessage[] = [];
  const queued: Behaviour[] = [];
  let requests = 0;
  const server: Server = createServer(async (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expectedAuth)
      return send(401, { code: 20003, message: 'Authenticate', status: 401 });
    const url = new URL(req.url ?? '/', 'http://fake');
    const base = `/2010-04-01/Accounts/${accountSid}/Messages`;
    if (req.method === 'GET' && url.pathname.startsWith(`${base}/`) && url.pathname.endsWith('.json')) {
      const sid = url.pathname.slice(base.length + 1, -'.json'.length);
      const found = messages.find((m) => m.sid === sid);
      return found ? send(200, view(found)) : send(404, { code: 20404, message: 'Not found', status: 404 });
    }
    if (url.pathname !== `${base}.json`) return send(404, { code: 20404, message: 'Not found', status: 404 });
    if (req.method === 'GET') {
      const to = url.searchParams.get('To');
      const from = url.searchParams.get('From');
      const sentAfter = url.searchParams.get('DateSent>');
      const sentOn = url.searchParams.get('DateSent');
      const pageSize = Number(url.searchParams.get('PageSize') ?? 50);
      const day = (m: FakeTwilioMessage) => (m.date_sent ? new Date(m.date_sent).toISOString().slice(0, 10) : null);
      const listed = messages
        .filter((m) => (!to || m.to === to) && (!from || m.from === from))
        .filter((m) => !sentAfter || (day(m) !== null && day(m)! >= sentAfter))
        .filter((m) => !sentOn || day(m) === sentOn)
        .slice()
        .reverse() // newest first
        .slice(0, pageSize);
      return send(200, { messages: listed.map(view), page_size: pageSize });
    }
    const behaviour = queued.shift();
    if (behaviour === 'hang') return; // never answers: the client's timeout fires
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    if (behaviour && behaviour !== 'accept-then-500') return send(behaviour.status, behaviour.body);
    if (!form.get('To') || !form.get('Body') || !(form.get('From') || form.get('MessagingServiceSid'))) {
      return send(400, { code: 21604, message: "A 'To' phone number and a 'Body' are required.", status: 400 });
    }
    const message: FakeTwilioMessage = {
      sid: `SM${String(messages.length + 1).padStart(32, '0')}`,
      to: form.get('To')!,
      from: form.get('From') ?? undefined,
      messagingServiceSid: form.get('MessagingServiceSid') ?? undefined,
      body: form.get('Body')!,
      statusCallback: form.get('StatusCallback') ?? undefined,
      validityPeriod: form.get('ValidityPeriod') ?? undefined,
      auth: req.headers.authorization!,
      date_created: new Date(clock.now()).toUTCString(), // RFC 2822, as Twilio writes it
      date_sent: null,
      status: 'queued',
    };
    messages.push(message);
    if (behaviour === 'accept-then-500')
      return send(500, { code: 20500, message: 'Internal Server Error', status: 500 });
    return send(201, { sid: message.sid, status: 'queued', to: message.to, body: message.body });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    get requests() {
      return requests;
    },
    /** Hands every queued message to the carrier: it gets a DateSent. */
    sendQueued() {
      for (const m of messages)
        if (!m.date_sent) Object.assign(m, { date_sent: new Date(clock.now()).toUTCString(), status: 'sent' });
    },
    /** The next POSTs answer like this, in order. */
    failNext(...behaviours: Behaviour[]) {
      queued.push(...behaviours);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const view = (m: FakeTwilioMessage) => ({
  sid: m.sid,
  to: m.to,
  from: m.from ?? null,
  messaging_service_sid: m.messagingServiceSid ?? null,
  body: m.body,
  status: m.status ?? 'sent',
  date_created: m.date_created,
  date_sent: m.date_sent === undefined ? m.date_created : m.date_sent,
});

export const twilioError = (status: number, code: number, message = 'error') => ({
  status,
  body: { code, message, status },
});
