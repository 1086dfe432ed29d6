import { beforeAll, describe, expect, it } from 'vitest';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { jsonOf, type ApiHarness } from '../helpers/api-harness.ts';
import { ALEX, crossSite, SAM, useScriptedFortnight } from '../helpers/scripted-fortnight.ts';

// The dashboard's routes after one scripted fortnight (tests/helpers/scripted-fortnight.ts).
const fortnight = useScriptedFortnight();
const { clock, at, session } = fortnight;
let store: Store;
let api: ApiHarness;
beforeAll(() => {
  ({ store, api } = fortnight.started());
});

describe('the check-in log: undo and counts', () => {
  it('offers Undo on an answer just given, takes it back for its owner only, within the hour', async () => {
    await at('2026-12-15T01:00:00Z'); // Monday's lunch call (20:00 New York)
    const sam = await session(SAM);
    const alex = await session(ALEX);
    const open = (await listCheckIns(store, 'sam-alex', clock.now - 3_600_000, clock.now)).find(
      (c) => c.ref === 'commitment:lunch-call',
    )!;
    const path = (action: string) => `/api/checkins/${encodeURIComponent(open.checkInKey)}/${action}`;
    expect((await api.call('POST', path('answer'), sam, { answer: 'N' })).status).toBe(200);
    const entry = async () =>
      jsonOf(await api.call('GET', '/api/checkins', sam)).checkIns.find(
        (c: { checkInKey: string }) => c.checkInKey === open.checkInKey,
      );
    expect(await entry()).toMatchObject({ status: 'missed', undoable: true, answerable: false });
    expect((await api.call('POST', path('undo'), alex, {})).status).toBe(404); // Alex: not even there
    expect((await api.call('POST', path('undo'), sam, {}, crossSite)).status).toBe(403);
    const undone = await api.call('POST', path('undo'), sam, {});
    expect([undone.status, jsonOf(undone)]).toEqual([200, { undone: true, answer: null, status: 'open' }]);
    expect(await entry()).toMatchObject({ status: 'open', undoable: false, answerable: true });
    const twice = await api.call('POST', path('undo'), sam, {});
    expect([twice.status, jsonOf(twice).error.code]).toEqual([409, 'nothing_to_undo']);
    // An hour later an answer stands.
    expect((await api.call('POST', path('answer'), sam, { answer: 'Y' })).status).toBe(200);
    clock.now += 61 * 60_000;
    expect((await entry()).undoable).toBe(false);
    expect((await api.call('POST', path('undo'), sam, {})).status).toBe(409);
  });

  it('marks "how many times" check-ins for a number and logs one; a bad count names the field', async () => {
    await at('2026-12-15T02:00:00Z'); // Monday's late nights (21:00 New York)
    const sam = await session(SAM);
    const { checkIns } = jsonOf(await api.call('GET', '/api/checkins', sam));
    const late = checkIns.find((c: { ref: string; status: string }) => c.ref === 'commitment:late-nights');
    const lunch = checkIns.find((c: { ref: string }) => c.ref === 'commitment:lunch-call');
    expect(late).toMatchObject({ asksCount: true, answerable: true });
    expect(lunch.asksCount).toBeUndefined();
    const path = `/api/checkins/${encodeURIComponent(late.checkInKey)}/answer`;
    const bad = await api.call('POST', path, sam, { count: -1 });
    expect([bad.status, jsonOf(bad).error.path]).toEqual([400, 'count']);
    const logged = await api.call('POST', path, sam, { count: 1 });
    expect([logged.status, jsonOf(logged).status]).toEqual([200, 'kept']);
  });
});
