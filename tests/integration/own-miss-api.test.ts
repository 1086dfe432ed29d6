import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEngine } from '../../local/engine.ts';
import { startSession } from '../../shared/auth/session.ts';
import type { HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { apiHarness } from '../helpers/api-harness.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const CHECKIN = Date.parse('2026-11-24T01:00:00Z'); // Monday 20:00 New York
const clock = { now: CHECKIN - 3_600_000 };
let store: Store;
let engine: LocalEngine;
let call: (method: string, path: string, token: string, body?: unknown) => Promise<HttpResponse>;

beforeAll(async () => {
  store = await embedded.fresh();
  await applyPlan(store, validPlan({ ...examplePlan(), rituals: [], affirmations: [] }), clock.now);
  const api = apiHarness(store, clock);
  engine = api.engine;
  call = api.call;
  clock.now = CHECKIN;
  await engine.runOnce();
  clock.now = CHECKIN + 25 * 3_600_000; // unanswered, and closed
});

const json = (r: HttpResponse) => JSON.parse(r.body ?? '{}');

describe('owning a miss through the API (the dashboard)', () => {
  it('marks the miss ownable in the log, owns it with a note, tells the partner, and only once', async () => {
    const sam = await startSession(store, '+15555550101', clock.now);
    const alex = await startSession(store, '+447700900123', clock.now);
    const [miss] = json(await call('GET', '/api/checkins', sam)).checkIns;
    expect(miss).toMatchObject({ title: 'Call Alex at lunch', status: 'open', ownable: true });
    const path = `/api/checkins/${encodeURIComponent(miss.checkInKey)}/own`;
    // Alex cannot own Sam's miss, or even learn it exists; Alex's log does not show it.
    expect((await call('POST', path, alex, { note: 'x' })).status).toBe(404);
    expect(json(await call('GET', '/api/checkins', alex)).checkIns).toEqual([]);
    const noNote = await call('POST', path, sam, { note: '  ' });
    expect([noNote.status, json(noNote).error.path]).toEqual([400, 'note']);
    expect((await call('POST', path, sam, { note: 'y'.repeat(301) })).status).toBe(400);
    expect((await call('POST', path, sam, { note: 'Forgot. Alarm set for 12:30.' })).status).toBe(200);
    expect((await call('POST', path, sam, { note: 'again' })).status).toBe(409);
    await engine.drain();
    const notes = (await listWholeOutbox(store)).filter((m) => m.kind === 'repair-note');
    expect(notes.map((m) => m.body)).toEqual([
      'Sam owned a missed promise (Call Alex at lunch): Forgot. Alarm set for 12:30. Reply THANKS to let them know you heard.',
    ]);
    const [stored] = await listCheckIns(store, 'sam-alex', 0, clock.now);
    expect(stored).toMatchObject({ ownNote: 'Forgot. Alarm set for 12:30.', strengthValue: 0.5 });
    expect(json(await call('GET', '/api/checkins', sam)).checkIns[0]).toMatchObject({ ownable: false });
  });
});
