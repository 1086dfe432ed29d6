import { listSchedules } from '../../shared/store/schedule-repository.ts';
import { describe, expect, it } from 'vitest';
import { body, useTwoPairApi } from '../helpers/two-pair-api.ts';

const api = useTwoPairApi();
const { call, sam, sessionOf } = api;

describe('changing the plan through the API', () => {
  it("adds, changes and removes a commitment with the plan file's validation", async () => {
    const added = await call('POST', '/api/commitments', {
      token: sam(),
      body: { title: 'Leave a note', repeat: 'FREQ=DAILY', checkInAt: '21:30' },
    });
    expect(added.status).toBe(200);
    const id = body(added).plan.commitments.find((c: { title: string }) => c.title === 'Leave a note').id;
    expect(id).toMatch(/^leave-a-note-[0-9a-f]{4}$/);
    const bad = await call('PUT', `/api/commitments/${id}`, {
      token: sam(),
      body: { title: 'Leave a note', repeat: 'FREQ=MINUTELY', checkInAt: '25:00' },
    });
    expect(bad.status).toBe(400);
    expect(body(bad).error.path).toBe('checkInAt');
    // Every problem of the item is listed: the bad time and the too-frequent rule.
    const problems: string[] = body(bad).problems;
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => /checkInAt/.test(p)) && problems.some((p) => /repeat/.test(p))).toBe(true);
    const typo = await call('POST', '/api/commitments', {
      token: sam(),
      body: { titel: 'x', repeat: 'FREQ=DAILY', checkInAt: '10:00' },
    });
    expect(body(typo).error).toMatchObject({ path: expect.stringMatching(/title|titel/) });
    expect((await call('DELETE', `/api/commitments/${id}`, { token: sam() })).status).toBe(200);
    expect((await listSchedules(api.store, 'sam-alex')).flatMap((s) => s.members.map((m) => m.ref))).not.toContain(
      `commitment:${id}`,
    );
    // The summary is the pair's: refused here with where to change it, never silently dropped.
    const summary = await call('PATCH', '/api/me', { token: sam(), body: { summary: { day: 'MO' } } });
    expect(summary.status).toBe(400);
    expect(body(summary).error).toMatchObject({ path: 'summary', message: expect.stringContaining('PATCH /api/pair') });
    // Your number is the one you sign in with: not changed here, and said so.
    const phone = await call('PATCH', '/api/me', { token: sam(), body: { phone: '+15555550777' } });
    expect(phone.status).toBe(400);
    expect(body(phone).error.path).toBe('phone');
    // Alex cannot remove Sam's commitment.
    const alex = sessionOf('+447700900123');
    expect((await call('DELETE', '/api/commitments/lunch-call', { token: alex })).status).toBe(404);
  });

  it('a new user creates a pair and invites their partner, who gets a consent request', async () => {
    const token = sessionOf('+15555550401');
    expect(body(await call('GET', '/api/me', { token })).partner).toBeNull();
    const invalid = await call('POST', '/api/pairs', {
      token,
      body: { name: 'Rae', timezone: 'Mars/Base', pairName: 'Rae & Jo', invite: { name: 'Jo', phone: '+15555550402' } },
    });
    expect(body(invalid).error).toMatchObject({ path: 'timezone' });
    const created = await call('POST', '/api/pairs', {
      token,
      body: {
        name: 'Rae',
        timezone: 'America/Denver',
        pairName: 'Rae & Jo',
        invite: { name: 'Jo', phone: '+15555550402' },
      },
    });
    expect(created.status).toBe(201);
    const me = body(await call('GET', '/api/me', { token }));
    expect(me).toMatchObject({
      partner: { name: 'Rae', consent: 'confirmed' },
      other: { name: 'Jo', consent: 'pending' },
    });
    const schedules = await listSchedules(api.store, me.pair.id);
    expect(schedules.filter((s) => s.kind === 'consent-request').map((s) => s.recipientId)).toEqual(['partner']);
    expect((await call('POST', '/api/pairs', { token, body: {} })).status).toBe(409);
  });
});
