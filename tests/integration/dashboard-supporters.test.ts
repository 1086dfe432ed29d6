import { beforeAll, describe, expect, it } from 'vitest';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { getAgreement } from '../../shared/store/supporter-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { jsonOf, type ApiHarness } from '../helpers/api-harness.ts';
import { ALEX, crossSite, SAM, useScriptedFortnight } from '../helpers/scripted-fortnight.ts';

// The dashboard's routes after one scripted fortnight (tests/helpers/scripted-fortnight.ts).
const fortnight = useScriptedFortnight();
const { clock, session } = fortnight;
let store: Store;
let api: ApiHarness;
beforeAll(() => {
  ({ store, api } = fortnight.started());
});

describe('supporters in the dashboard', () => {
  it('lists each supporter with where they stand, and refuses a removal from another site or of no one', async () => {
    const sam = await session(SAM);
    expect(jsonOf(await api.call('GET', '/api/supporters', sam)).supporters).toEqual([
      // The address too: partners agree to who reads their week, not to a name.
      { id: 'dr-lee', name: 'Dr. Lee', email: 'lee@example.org', state: 'confirmed' },
      { id: 'pat', name: 'Pat', email: 'pat@example.org', state: 'pending-agreement', youAgreed: false },
    ]);
    // Sam says yes to Pat by text: Sam's own answer shows to Sam; Alex sees only that Alex has not.
    await api.text(SAM, 'SUPPORTER YES');
    const pat = async (token: string) =>
      jsonOf(await api.call('GET', '/api/supporters', token)).supporters.find((x: { id: string }) => x.id === 'pat');
    expect(await pat(sam)).toEqual({
      id: 'pat',
      name: 'Pat',
      email: 'pat@example.org',
      state: 'pending-agreement',
      youAgreed: true,
    });
    expect(await pat(await session(ALEX))).toEqual({
      id: 'pat',
      name: 'Pat',
      email: 'pat@example.org',
      state: 'pending-agreement',
      youAgreed: false,
    });
    // Alex answers on the dashboard: a bad value names the field, then the yes is recorded (from the dashboard).
    const alex = await session(ALEX);
    const answer = (token: string, body: unknown) => api.call('POST', '/api/supporters/pat/answer', token, body);
    const bad = await answer(alex, { agree: 'yes' });
    expect([bad.status, jsonOf(bad).error.path]).toEqual([400, 'agree']);
    const unknown = await api.call('POST', '/api/supporters/nobody/answer', alex, { agree: true });
    expect([unknown.status, jsonOf(unknown).error.path]).toEqual([404, 'id']);
    const yes = await answer(alex, { agree: true });
    expect([yes.status, jsonOf(yes).outcome]).toEqual([200, 'agreed-both']);
    expect(jsonOf(yes).message).toContain('Pat gets an email to confirm');
    const agreement = await getAgreement(store, 'sam-alex', 'pat');
    expect(agreement?.answers.alex).toMatchObject({ agree: true, via: 'dashboard' });
    // Both said yes: now it waits for Pat's own confirmation, and nobody's answer can change.
    expect((await pat(sam)).state).toBe('waiting-for-supporter');
    const again = await answer(sam, { agree: false });
    expect([again.status, jsonOf(again).error.code]).toEqual([409, 'not_waiting']);
    const stranger = await api.call('DELETE', '/api/supporters/nobody', sam);
    expect([stranger.status, jsonOf(stranger).error.path]).toEqual([404, 'id']);
    expect((await api.call('DELETE', '/api/supporters/dr-lee', sam, undefined, crossSite)).status).toBe(403);
    expect((await api.call('DELETE', '/api/supporters/dr-lee', 'made-up-session')).status).toBe(401);
    expect(jsonOf(await api.call('GET', '/api/supporters', sam)).supporters).toHaveLength(2);
  });

  it('removes one supporter at once: a summary already queued for them is not sent, and Alex is told', async () => {
    const sam = await session(SAM);
    const toLee = async () => (await listWholeOutbox(store)).filter((m) => m.to === 'lee@example.org');
    const before = (await toLee()).length;
    expect(before).toBe(1); // last Sunday's
    clock.now = Date.parse('2026-12-13T23:00:00Z');
    await api.engine.tick(); // this Sunday's summaries are queued, not yet sent
    const removed = await api.call('DELETE', '/api/supporters/dr-lee', sam);
    expect([removed.status, jsonOf(removed)]).toEqual([200, { removed: 'dr-lee', toldPartner: true }]);
    await api.engine.drain();
    clock.now += 3 * 3_600_000; // past Alex's quiet hours, if any
    await api.engine.runOnce();
    expect(await toLee()).toHaveLength(before);
    const notices = (await listWholeOutbox(store)).filter((m) => m.kind === 'supporter-removed');
    expect(notices.map((m) => [m.to, m.body])).toEqual([
      [ALEX, 'Sam removed Dr. Lee as your supporter. They will get no more weekly summaries from Kept.'],
    ]);
    // Pat, who was not removed, is still listed; a second removal of Dr. Lee finds no one.
    expect(jsonOf(await api.call('GET', '/api/supporters', sam)).supporters.map((s: { id: string }) => s.id)).toEqual([
      'pat',
    ]);
    expect((await api.call('DELETE', '/api/supporters/dr-lee', sam)).status).toBe(404);
  });
});
