import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import type { createRouter } from '../../shared/http/router.ts';
import type { HttpResponse } from '../../shared/http/types.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { couple, SAM } from '../helpers/couple.ts';
import { apiRouter, signedInCaller } from '../helpers/api-harness.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { tableSnapshot } from '../helpers/table-snapshot.ts';

const embedded = useEmbeddedStore();
let store: Store;
let kept: Awaited<ReturnType<typeof couple>>;
let handle: ReturnType<typeof createRouter>;

beforeAll(async () => {
  store = await embedded.fresh();
  kept = await couple(store); // Sam & Alex, both confirmed, on the local outbox
  handle = apiRouter(store, kept.engine.queue, () => kept.clock.now);
});
afterAll(() => embedded.stop());

const call = (method: string, path: string, token: string, body?: unknown) =>
  signedInCaller(handle)(method, path, token, body);
const json = (response: HttpResponse) => JSON.parse(response.body ?? '{}');
const newPair = (invitePhone: string) => ({
  name: 'Eve',
  timezone: 'America/New_York',
  pairName: 'Eve & you',
  invite: { name: 'You', phone: invitePhone },
});
const pairItems = (pairId: string) => tableSnapshot(store, (item) => item.PK === `PAIR#${pairId}`);

describe('an invitation to a number that is in another pair', () => {
  it('changes nothing there, sends nothing, and tells the inviter only that it could not be sent', async () => {
    const eve = await startSession(store, '+15555550901', kept.clock.now);
    const before = await pairItems('sam-alex');
    const sent = (await kept.messagesTo(SAM)).length;
    const response = await call('POST', '/api/pairs', eve, newPair(SAM));
    expect(response.status).toBe(409);
    expect(json(response).error).toEqual({
      code: 'invitation_not_sent',
      message: 'The invitation could not be sent.',
      path: 'invite',
    });
    await kept.engine.runOnce();
    expect(await pairItems('sam-alex')).toBe(before);
    expect((await kept.messagesTo(SAM)).length).toBe(sent);
    expect(json(await call('GET', '/api/me', eve)).partner).toBeNull(); // Eve has no pair either
    // Sam's session, STOP and erase still act on his own pair.
    const sam = await startSession(store, SAM, kept.clock.now);
    expect(json(await call('GET', '/api/me', sam)).pair.id).toBe('sam-alex');
  });
});

describe('invitation floods', () => {
  it('20 create-and-leave cycles send one consent request; after STOP, none', async () => {
    const target = '+15555550777';
    const eve = await startSession(store, '+15555550902', kept.clock.now);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await call('POST', '/api/pairs', eve, newPair(target));
      statuses.push(created.status);
      await kept.engine.runOnce();
      if (created.status === 201) expect((await call('POST', '/api/me/leave', eve)).status).toBe(200);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect((await kept.messagesTo(target)).map((m) => m.kind)).toEqual(['consent-request']);
    // A month later it could be asked again, but it said STOP: nothing.
    await kept.text(target, 'STOP');
    kept.clock.now += 31 * 86_400_000;
    const eveAgain = await startSession(store, '+15555550902', kept.clock.now);
    expect((await call('POST', '/api/pairs', eveAgain, newPair(target))).status).toBe(409);
    await kept.engine.runOnce();
    expect((await kept.messagesTo(target)).map((m) => m.kind)).toEqual(['consent-request']);
  });
});

describe('pair ids', () => {
  it("are random (96 bits), so no one can guess or overwrite another couple's pair", async () => {
    const rae = await startSession(store, '+15555550903', kept.clock.now);
    const created = json(await call('POST', '/api/pairs', rae, newPair('+15555550904')));
    expect(created.pair.id).toMatch(/^eve-you-[0-9a-f]{24}$/);
  });
});

describe('an invitee who has not said yes', () => {
  it('can sign in only to accept or decline: no plan, no numbers, no changes', async () => {
    const inviter = await startSession(store, '+15555550905', kept.clock.now);
    const created = json(await call('POST', '/api/pairs', inviter, newPair('+15555550906')));
    const pairId = created.pair.id;
    expect(
      (await call('POST', '/api/rituals', inviter, { title: 'Tea', repeat: 'FREQ=DAILY', at: '18:00' })).status,
    ).toBe(200);
    const invitee = await startSession(store, '+15555550906', kept.clock.now);
    const me = await call('GET', '/api/me', invitee);
    expect(json(me)).toMatchObject({ invitation: { status: 'pending', from: 'Eve' }, pair: { name: 'Eve & you' } });
    expect(me.body).not.toContain('+15555550905'); // the inviter's number
    const before = await pairItems(pairId);
    const ritualId = JSON.parse(before).find((i: { type?: string }) => i.type === 'ritual').id;
    for (const [method, path, body] of [
      ['GET', '/api/plan'],
      ['GET', '/api/weeks'],
      ['GET', '/api/export'],
      ['DELETE', `/api/rituals/${ritualId}`],
      ['PATCH', '/api/me', { name: 'Mallory' }],
      ['POST', '/api/me/pause', { days: 3 }],
      ['DELETE', '/api/me'],
    ] as Array<[string, string, unknown?]>) {
      const response = await call(method, path, invitee, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body).not.toContain('+15555550905');
    }
    expect(await pairItems(pairId)).toBe(before);
    // Accepting is their consent, recorded with its source; then the pair is theirs too.
    expect((await call('POST', '/api/invitation/accept', invitee)).status).toBe(200);
    const partner = await getPartner(store, pairId, 'partner');
    expect(partner?.consent).toBe('confirmed');
    expect(partner?.consentLog.at(-1)).toMatchObject({ status: 'confirmed', source: 'api' });
    expect((await call('GET', '/api/plan', invitee)).status).toBe(200);
  });

  it('can decline, which frees their number', async () => {
    const inviter = await startSession(store, '+15555550907', kept.clock.now);
    const { pair } = json(await call('POST', '/api/pairs', inviter, newPair('+15555550908')));
    const invitee = await startSession(store, '+15555550908', kept.clock.now);
    expect((await call('POST', '/api/invitation/decline', invitee)).status).toBe(200);
    expect((await getPartner(store, pair.id, 'partner'))?.consent).toBe('declined');
    expect((await call('POST', '/api/invitation/accept', invitee)).status).toBe(409);
  });
});

describe('the calendar feed', () => {
  it('can be rotated: the old secret URL stops working at once, the new one works', async () => {
    const sam = await startSession(store, SAM, kept.clock.now);
    const old = new URL(json(await call('GET', '/api/calendar', sam)).url).pathname;
    expect((await call('GET', old, sam)).status).toBe(200);
    const rotated = await call('POST', '/api/calendar/rotate', sam);
    expect(rotated.status).toBe(200);
    const fresh = new URL(json(rotated).url).pathname;
    expect(fresh).not.toBe(old);
    expect((await call('GET', old, sam)).status).toBe(404);
    expect((await call('GET', fresh, sam)).status).toBe(200);
    expect(new URL(json(await call('GET', '/api/calendar', sam)).url).pathname).toBe(fresh);
  });
});
