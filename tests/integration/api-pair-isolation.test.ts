import { listSchedules } from '../../shared/store/schedule-repository.ts';
import { describe, expect, it } from 'vitest';
import { useTwoPairApi } from '../helpers/two-pair-api.ts';

const api = useTwoPairApi();
const { call, sam, kim, tokens } = api;

describe('every route belongs to its own pair', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/api/me'],
    ['GET', '/api/plan'],
    ['GET', '/api/weeks'],
    ['GET', '/api/checkins'],
    ['GET', '/api/messages'],
    ['GET', '/api/upcoming'],
    ['GET', '/api/export'],
    ['GET', '/api/calendar'],
    ['POST', '/api/commitments', { title: 'x', repeat: 'FREQ=DAILY', checkInAt: '10:00' }],
    ['PUT', '/api/commitments/lunch-call', { title: 'x', repeat: 'FREQ=DAILY', checkInAt: '10:00' }],
    ['DELETE', '/api/commitments/lunch-call'],
    ['PUT', '/api/rituals/night-walk', { title: 'x', repeat: 'FREQ=DAILY', at: '10:00' }],
    ['DELETE', '/api/rituals/night-walk'],
    ['DELETE', '/api/affirmations/morning-note'],
    ['PATCH', '/api/me', { timezone: 'UTC' }],
    ['POST', '/api/me/pause', { days: 2 }],
    ['POST', '/api/me/resume', {}],
    ['POST', '/api/me/leave', {}],
    ['DELETE', '/api/me'],
    ['POST', '/api/pairs', { name: 'x' }],
  ];

  it.each(routes)(
    '%s %s: 401 without a session, with a made-up or altered token, with an expired one',
    async (method, path, payload) => {
      expect((await call(method, path, { body: payload })).status).toBe(401);
      const real = sam();
      const forged = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
      expect((await call(method, path, { body: payload, token: forged })).status).toBe(401);
      expect((await call(method, path, { body: payload, token: 'x'.repeat(43) })).status).toBe(401);
      expect((await call(method, path, { body: payload, token: tokens.expired })).status).toBe(401);
    },
  );

  it("another pair's items are not found, and nothing of them leaks", async () => {
    for (const [method, path, payload] of [
      ['PUT', '/api/commitments/lunch-call', { title: 'Hijack', repeat: 'FREQ=DAILY', checkInAt: '10:00' }],
      ['DELETE', '/api/commitments/lunch-call'],
      ['DELETE', '/api/affirmations/morning-note'],
    ] as const) {
      const response = await call(method, path, { body: payload, token: kim() });
      expect(response.status).toBe(404);
      expect(response.body).not.toMatch(/Call Alex|Sam|Alex/);
    }
    for (const path of ['/api/plan', '/api/checkins', '/api/messages', '/api/export', '/api/weeks']) {
      expect((await call('GET', path, { token: kim() })).body).not.toMatch(
        /Call Alex at lunch|\+15555550101|sam@example/,
      );
    }
    expect((await listSchedules(api.store, 'sam-alex')).some((s) => s.kind === 'checkin')).toBe(true);
  });
});
