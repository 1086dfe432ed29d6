import { beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { jsonOf as json, MONDAY_CHECKIN as CHECKIN, useCheckInSent } from '../helpers/api-harness.ts';

const world = useCheckInSent();
const { clock, call } = world;
beforeAll(() => {
  clock.now = CHECKIN + 25 * 3_600_000; // unanswered, and closed
});

describe('owning a miss through the API (the dashboard)', () => {
  it('marks the miss ownable in the log, owns it with a note, tells the partner, and only once', async () => {
    const sam = await startSession(world.store, '+15555550101', clock.now);
    const alex = await startSession(world.store, '+447700900123', clock.now);
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
    await world.engine.drain();
    const notes = (await listWholeOutbox(world.store)).filter((m) => m.kind === 'repair-note');
    expect(notes.map((m) => m.body)).toEqual([
      'Sam owned a missed promise (Call Alex at lunch): Forgot. Alarm set for 12:30. Reply THANKS to let them know you heard.',
    ]);
    const [stored] = await listCheckIns(world.store, 'sam-alex', 0, clock.now);
    expect(stored).toMatchObject({ ownNote: 'Forgot. Alarm set for 12:30.', strengthValue: 0.5 });
    expect(json(await call('GET', '/api/checkins', sam)).checkIns[0]).toMatchObject({ ownable: false });
  });
});
