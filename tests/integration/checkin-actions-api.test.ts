import { describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { jsonOf as json, MONDAY_CHECKIN as CHECKIN, useCheckInSent } from '../helpers/api-harness.ts';

const world = useCheckInSent();
const { clock, call } = world;

describe('answering a check-in and thanking from the dashboard (API)', () => {
  it('answers Y with the SMS rules (settled kept notice), and the partner thanks once', async () => {
    const sam = await startSession(world.store, '+15555550101', clock.now);
    const alex = await startSession(world.store, '+447700900123', clock.now);
    const [checkIn] = (await listCheckIns(world.store, 'sam-alex', CHECKIN - 1, CHECKIN + 1)).filter(
      (c) => c.ownerId !== 'both',
    );
    const key = encodeURIComponent(checkIn!.checkInKey);
    const answer = `/api/checkins/${key}/answer`;
    const thanks = `/api/checkins/${key}/thanks`;
    // Not the caller's: nothing says it exists. No session: 401.
    expect((await call('POST', answer, alex, { answer: 'Y' })).status).toBe(404);
    expect((await call('POST', answer, 'made-up', { answer: 'Y' })).status).toBe(401);
    expect((await call('POST', '/api/checkins/nope/answer', sam, { answer: 'Y' })).status).toBe(404);
    const bad = await call('POST', answer, sam, { answer: 'maybe' });
    expect([bad.status, json(bad).error.path]).toEqual([400, 'answer']);
    const badCount = await call('POST', answer, sam, { count: -1 });
    expect([badCount.status, json(badCount).error.path]).toEqual([400, 'count']);
    // State changes need JSON and the same origin, like every other route.
    expect((await call('POST', answer, sam, { answer: 'Y' }, { 'content-type': 'text/plain' })).status).not.toBe(200);
    expect((await call('POST', answer, sam, { answer: 'Y' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // A miss is never thanked for (or shown): 404 before any answer, and after N.
    expect((await call('POST', answer, sam, { answer: 'N' })).status).toBe(200);
    expect((await call('POST', thanks, alex, {})).status).toBe(404);

    clock.now += 60_000;
    const kept = await call('POST', answer, sam, { answer: 'Y' });
    expect([kept.status, json(kept).answer]).toEqual([200, 'kept']);
    await world.engine.drain();
    // The kept notice waits for the answer to settle (10 minutes), as by text.
    expect((await listWholeOutbox(world.store)).filter((m) => m.kind === 'kept-notice')).toHaveLength(0);
    clock.now += 11 * 60_000;
    await world.engine.runOnce();
    await world.engine.drain();
    expect((await listWholeOutbox(world.store)).filter((m) => m.kind === 'kept-notice')).toHaveLength(1);

    expect((await call('POST', thanks, sam, {})).status).toBe(404); // one's own check-in
    expect((await call('POST', thanks, alex, {})).status).toBe(200);
    clock.now += 60_000;
    expect((await call('POST', thanks, alex, {})).status).toBe(409);
    await world.engine.drain();
    const sent = (await listWholeOutbox(world.store)).filter((m) => m.kind === 'thanks-notice');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toContain('Alex');
  });
});

describe('the pair summary settings (PATCH /api/pair)', () => {
  it('sets day and time, names the field of a bad value, refuses unknown fields and no session', async () => {
    const sam = await startSession(world.store, '+15555550101', clock.now);
    const bad = await call('PATCH', '/api/pair', sam, { summary: { day: 'XX' } });
    expect([bad.status, json(bad).error.path]).toEqual([400, 'summary.day']);
    const unknown = await call('PATCH', '/api/pair', sam, { name: 'x' });
    expect([unknown.status, json(unknown).error.path]).toEqual([400, 'name']);
    expect((await call('PATCH', '/api/pair', 'made-up', { summary: { day: 'FR' } })).status).toBe(401);
    expect((await call('PATCH', '/api/pair', sam, { summary: { day: 'FR', at: '18:30' } })).status).toBe(200);
    expect(json(await call('GET', '/api/plan', sam)).plan.pair.summary).toEqual({ day: 'FR', at: '18:30' });
  });
});
