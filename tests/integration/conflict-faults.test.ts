import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../local/embedded-store.ts';
import type { ConflictFault } from '../../local/transaction-conflicts.ts';
import { SES_EVENT_WINDOW_MS, SesEmailChannel } from '../../shared/channels/ses-email-channel.ts';
import { TwilioSmsChannel } from '../../shared/channels/twilio-sms-channel.ts';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import { handleSesNotification } from '../../shared/replies/ses-notifications.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { CONFLICT_ATTEMPTS } from '../../shared/store/conflict-retry.ts';
import { queryPairPrefix } from '../../shared/store/query-all.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { ALEX, couple, SAM } from '../helpers/couple.ts';
import { examplePlan } from '../helpers/plans.ts';
import { startSesLocal } from '../helpers/ses-local.ts';
import { startRefusingSes } from '../helpers/ses-refusing.ts';
import { startTwilioFake } from '../helpers/twilio-fake.ts';

// Conflicts are a fault of the store itself (it answers as DynamoDB does when another transaction
// holds an item), so everything between the code and the store runs as it would in AWS.
const embedded = openEmbeddedStore();
const SID = `AC${'7'.repeat(32)}`;
const TOKEN = 'conflict-token';
const clock = { now: Date.parse('2026-11-23T12:00:00Z') };
let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
let ses: Awaited<ReturnType<typeof startSesLocal>>;
/** The local SES behind a proxy that can hide its /store: then Kept learns of an email only from its events, as on AWS. */
let awsLikeSes: Awaited<ReturnType<typeof startRefusingSes>>;
beforeAll(async () => {
  twilio = await startTwilioFake(SID, TOKEN, { now: () => clock.now });
  ses = await startSesLocal();
  awsLikeSes = await startRefusingSes(ses.url);
  awsLikeSes.hideStore = true;
});
afterAll(async () => {
  await twilio.close();
  await awsLikeSes.close();
  await ses.close();
  await embedded.close();
});

/**
 * Another transaction holds the first item of a write whose sort key starts with `prefix`, for
 * the next `times` such writes (in a transaction: only those that also name `alongside`).
 */
function heldWhileWriting(prefix: string, times: number, alongside?: string): ConflictFault & { met: number } {
  const fault = Object.assign(
    ({ operation, items }: Parameters<ConflictFault>[0]) => {
      const sks = items.map((item) => String((item.key.SK as { S?: string } | undefined)?.S ?? ''));
      const at = sks.findIndex((sk) => sk.startsWith(prefix));
      if (at < 0 || fault.met >= times) return null;
      if (alongside && (operation !== 'TransactWriteItems' || !sks.some((sk) => sk.startsWith(alongside)))) return null;
      fault.met++;
      return at;
    },
    { met: 0 },
  );
  return fault;
}

/** Runs `work` with `fault` injected, and takes it out however `work` ends: a failing test leaves no fault behind. */
async function whileHeld<T>(fault: ConflictFault, work: () => Promise<T>): Promise<T> {
  embedded.injectConflicts(fault);
  try {
    return await work();
  } finally {
    embedded.injectConflicts(undefined);
  }
}

/** A couple like the README's, texting through the Twilio stand-in over HTTP, on a fresh table. */
async function twilioCouple() {
  const store = await embedded.connect(`kept-${randomUUID()}`, 4);
  const sms = new TwilioSmsChannel({ accountSid: SID, authToken: TOKEN, apiUrl: twilio.url, from: '+15550001111' });
  twilio.messages.length = 0;
  const c = await couple(store, { wrap: (channels) => ({ ...channels, sms }) });
  const at = async (iso: string) => {
    clock.now = Date.parse(iso);
    await c.at(iso);
  };
  const textsTo = (phone: string) => twilio.messages.filter((m) => m.to === phone).map((m) => m.body);
  return { ...c, at, textsTo };
}

const CHECKIN = 'Did you call Alex at lunch today? Reply Y or N';

/** Check-in texts in the message log (one entry per message sent). */
const checkInsLogged = async (store: Parameters<typeof queryPairPrefix>[0]) =>
  (await queryPairPrefix(store, 'PAIR#sam-alex', 'MSG#')).filter((m) => m.kind === 'checkin').length;

describe('transaction conflicts: nothing lost, nothing doubled', () => {
  it('a Y whose writes meet conflicts, with Twilio delivering it twice at once: recorded once, answered once', async () => {
    const c = await twilioCouple();
    await c.at('2026-11-24T01:00:00Z');
    expect(c.textsTo(SAM)).toEqual([CHECKIN]);
    // The inbound record (with the answer, the reply and the notice) is held three times.
    const fault = heldWhileWriting('IN#', 3);
    const deps = { store: c.store, queue: c.engine.queue, logger: silentLogger, supportContact: 'x' };
    const inbound = { from: SAM, body: 'Y', messageId: 'SMconflict', receivedAt: c.clock.now };
    const results = await whileHeld(fault, () =>
      Promise.all([handleInboundSms(deps, inbound), handleInboundSms(deps, inbound)]),
    );
    expect(fault.met).toBe(3);
    expect(results.map((r) => r.outcome).sort()).toContain('duplicate');
    await c.at('2026-11-24T01:01:00Z');
    await c.at('2026-11-24T01:11:00Z'); // past the kept notice's settle window
    const checkIns = await listCheckIns(c.store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z'));
    expect(checkIns.map((x) => x.status)).toEqual(['kept']);
    expect(c.textsTo(SAM).filter((body) => body !== CHECKIN)).toHaveLength(1); // one reply
    expect(c.textsTo(ALEX).filter((body) => body.startsWith('Sam kept'))).toHaveLength(1);
  });

  it('a Y whose writes meet a conflict that outlasts the retries: nothing half-written, and the provider retry is handled once', async () => {
    const c = await twilioCouple();
    await c.at('2026-11-24T01:00:00Z');
    const fault = heldWhileWriting('IN#', 2 * CONFLICT_ATTEMPTS);
    const deps = { store: c.store, queue: c.engine.queue, logger: silentLogger, supportContact: 'x' };
    const inbound = { from: SAM, body: 'Y', messageId: 'SMheld', receivedAt: c.clock.now };
    const failed = await whileHeld(fault, () => handleInboundSms(deps, inbound).catch((error: unknown) => error));
    expect(fault.met).toBe(CONFLICT_ATTEMPTS);
    expect((failed as Error).name).toMatch(/^Transaction(Canceled|Conflict)Exception$/);
    const open = await listCheckIns(c.store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z'));
    expect(open.map((x) => x.status)).not.toContain('kept');
    await handleInboundSms(deps, { ...inbound, receivedAt: c.clock.now + 1_000 }); // the provider's retry
    await c.at('2026-11-24T01:11:00Z');
    const after = await listCheckIns(c.store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z'));
    expect(after.map((x) => x.status)).toEqual(['kept']);
    expect(c.textsTo(SAM).filter((body) => body !== CHECKIN)).toHaveLength(1);
    expect(c.textsTo(ALEX).filter((body) => body.startsWith('Sam kept'))).toHaveLength(1);
  });

  it("the tick's claim-and-advance meets conflicts: the due check-in is planned in that tick, once, and sent once", async () => {
    const c = await twilioCouple();
    await c.at('2026-11-24T00:59:00Z');
    clock.now = Date.parse('2026-11-24T01:00:00Z');
    c.clock.now = clock.now;
    const fault = heldWhileWriting('SCHED#', 3, 'DLV#');
    const report = await whileHeld(fault, () => c.engine.tick());
    expect(fault.met).toBe(3);
    expect(report?.planned).toBe(1);
    await c.engine.drain();
    await c.at('2026-11-24T01:01:00Z');
    await c.at('2026-11-24T01:11:00Z');
    expect(c.textsTo(SAM)).toEqual([CHECKIN]);
    const deliveries = await queryPairPrefix(c.store, 'PAIR#sam-alex', 'DLV#2026-11-24T01:00');
    expect(deliveries.map((d) => d.status)).toEqual(['sent']);
  });

  it('a conflict on the claim-and-advance that outlasts the retries: the next tick plans it, once', async () => {
    const c = await twilioCouple();
    await c.at('2026-11-24T00:59:00Z');
    const held = heldWhileWriting('SCHED#', CONFLICT_ATTEMPTS, 'DLV#');
    await whileHeld(held, () => c.at('2026-11-24T01:00:00Z'));
    expect(held.met).toBe(CONFLICT_ATTEMPTS);
    expect(c.textsTo(SAM)).toEqual([]);
    await c.at('2026-11-24T01:01:00Z');
    await c.at('2026-11-24T01:02:00Z');
    expect(c.textsTo(SAM)).toEqual([CHECKIN]);
  });

  it('the final write after Twilio accepted meets conflicts: one text at Twilio, one log entry, sent', async () => {
    const c = await twilioCouple();
    await c.at('2026-11-24T00:59:00Z');
    // The log entry and the final status, written together once the provider took the text.
    const fault = heldWhileWriting('MSG#', 3, 'DLV#');
    await whileHeld(fault, () => c.at('2026-11-24T01:00:00Z'));
    expect(fault.met).toBe(3);
    expect(c.textsTo(SAM)).toEqual([CHECKIN]);
    const deliveries = await queryPairPrefix(c.store, 'PAIR#sam-alex', 'DLV#2026-11-24T01:00');
    expect(deliveries.map((d) => d.status)).toEqual(['sent']);
    expect(await checkInsLogged(c.store)).toBe(1);
  });

  it('a conflict on the final write that outlasts the retries: the next sender asks Twilio and sends nothing again', async () => {
    const c = await twilioCouple();
    await c.at('2026-11-24T00:59:00Z');
    const held = heldWhileWriting('MSG#', CONFLICT_ATTEMPTS, 'DLV#');
    await whileHeld(held, () => c.at('2026-11-24T01:00:00Z'));
    expect(held.met).toBe(CONFLICT_ATTEMPTS);
    expect(c.textsTo(SAM)).toEqual([CHECKIN]);
    for (const t of ['01:01', '01:02', '01:05', '01:10']) await c.at(`2026-11-24T${t}:00Z`);
    expect(c.textsTo(SAM)).toEqual([CHECKIN]);
    const deliveries = await queryPairPrefix(c.store, 'PAIR#sam-alex', 'DLV#2026-11-24T01:00');
    expect(deliveries.map((d) => d.status)).toEqual(['sent']);
    expect(await checkInsLogged(c.store)).toBe(1);
  });

  it('SES (aws-ses-v2-local): a conflict on the final write that outlasts the retries; the next sender finds the email, sends none again', async () => {
    const store = await embedded.connect(`kept-${randomUUID()}`, 4);
    const plan = examplePlan();
    plan.partners[0]!.channel = 'email';
    const email = new SesEmailChannel(
      { from: 'kept@example.com', region: 'us-east-1', endpoint: ses.url },
      () => 'https://x/u',
    );
    const c = await couple(store, { plan, wrap: (channels) => ({ ...channels, email }) });
    await c.at('2026-11-24T00:59:00Z');
    const before = (await ses.emails('sam@example.com')).length;
    const held = heldWhileWriting('MSG#', CONFLICT_ATTEMPTS, 'DLV#');
    await whileHeld(held, () => c.at('2026-11-24T01:00:00Z'));
    expect(held.met).toBe(CONFLICT_ATTEMPTS);
    expect(await ses.emails('sam@example.com')).toHaveLength(before + 1);
    for (const t of ['01:01', '01:02', '01:05', '01:11']) await c.at(`2026-11-24T${t}:00Z`);
    expect(await ses.emails('sam@example.com')).toHaveLength(before + 1);
    const deliveries = await queryPairPrefix(store, 'PAIR#sam-alex', 'DLV#2026-11-24T01:00');
    expect(deliveries.map((d) => d.status)).toEqual(['sent']);
    expect(await checkInsLogged(store)).toBe(1);
  });

  it('SES as on AWS (events only): a conflict on the final write that outlasts the retries; the Send event settles it, none sent again', async () => {
    const store = await embedded.connect(`kept-${randomUUID()}`, 4);
    const plan = examplePlan();
    plan.partners[0]!.channel = 'email';
    const email = new SesEmailChannel(
      { from: 'kept@example.com', region: 'us-east-1', endpoint: awsLikeSes.url },
      () => 'https://x/u',
    );
    const c = await couple(store, { plan, wrap: (channels) => ({ ...channels, email }) });
    await c.at('2026-11-24T00:59:00Z');
    const before = (await ses.emails('sam@example.com')).length;
    const held = heldWhileWriting('MSG#', CONFLICT_ATTEMPTS, 'DLV#');
    await whileHeld(held, () => c.at('2026-11-24T01:00:00Z'));
    expect(held.met).toBe(CONFLICT_ATTEMPTS);
    const sent = await ses.emails('sam@example.com');
    expect(sent).toHaveLength(before + 1);
    // No event yet: the next senders wait instead of sending again.
    for (const t of ['01:01', '01:02', '01:05']) await c.at(`2026-11-24T${t}:00Z`);
    expect(await ses.emails('sam@example.com')).toHaveLength(before + 1);
    // The configuration set's Send event, as SNS hands it to the SES notifications function.
    const stored = sent.at(-1)!;
    const tag = stored.headers!.find((h) => h.name === 'X-Kept-Delivery')!.value;
    const event = JSON.stringify({
      eventType: 'Send',
      mail: { messageId: stored.messageId, tags: { delivery: [tag], kind: ['checkin'] } },
    });
    expect((await handleSesNotification({ store, logger: silentLogger }, event, c.clock.now)).outcome).toBe(
      'sent-confirmed',
    );
    await c.at(new Date(Date.parse('2026-11-24T01:00:00Z') + SES_EVENT_WINDOW_MS + 60_000).toISOString());
    expect(await ses.emails('sam@example.com')).toHaveLength(before + 1);
    const deliveries = await queryPairPrefix(store, 'PAIR#sam-alex', 'DLV#2026-11-24T01:00');
    expect(deliveries.map((d) => d.status)).toEqual(['sent']);
    expect(await checkInsLogged(store)).toBe(1);
  });
});
