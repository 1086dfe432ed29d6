import { describe, expect, it } from 'vitest';
import { body, useTwoPairApi } from '../helpers/two-pair-api.ts';

const api = useTwoPairApi();
const { call, clock, codeFor } = api;

describe('sign-in without passwords', () => {
  it('sends a 6-digit code and exchanges it for a cookie and a bearer token', async () => {
    const start = await call('POST', '/api/auth/start', { body: { phone: '(555) 555-0101' } });
    expect(start.status).toBe(202);
    const verified = await call('POST', '/api/auth/verify', {
      body: { phone: '+15555550101', code: await codeFor('+15555550101') },
    });
    expect(verified.status).toBe(200);
    expect(verified.headers?.['set-cookie']).toMatch(
      /^kept_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=2592000; Secure$/,
    );
    const { token } = body(verified);
    expect(body(await call('GET', '/api/me', { token })).partner.name).toBe('Sam');
    const cookie = verified.headers!['set-cookie']!.split(';')[0]!;
    expect(body(await call('GET', '/api/me', { cookie })).partner.name).toBe('Sam');
  });

  it('answers the same for a number nobody uses (nothing reveals who is registered)', async () => {
    const known = await call('POST', '/api/auth/start', { body: { phone: '+15555550102' } });
    const unknown = await call('POST', '/api/auth/start', { body: { phone: '+15555559876' } });
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
  });

  it('codes expire after 10 minutes, allow 5 attempts, and are used once', async () => {
    await call('POST', '/api/auth/start', { body: { email: 'Alex+Sign@Example.com' } });
    const code = await codeFor('alex+sign@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expect(
        (await call('POST', '/api/auth/verify', { body: { email: 'alex+sign@example.com', code: wrong } })).status,
      ).toBe(400);
    expect((await call('POST', '/api/auth/verify', { body: { email: 'alex+sign@example.com', code } })).status).toBe(
      429,
    );

    await call('POST', '/api/auth/start', { body: { email: 'alex+late@example.com' } });
    const late = await codeFor('alex+late@example.com');
    clock.now += 10 * 60_000 + 1;
    expect(
      (await call('POST', '/api/auth/verify', { body: { email: 'alex+late@example.com', code: late } })).status,
    ).toBe(400);

    await call('POST', '/api/auth/start', { body: { email: 'alex+once@example.com' } });
    const once = await codeFor('alex+once@example.com');
    expect(
      (await call('POST', '/api/auth/verify', { body: { email: 'alex+once@example.com', code: once } })).status,
    ).toBe(200);
    expect(
      (await call('POST', '/api/auth/verify', { body: { email: 'alex+once@example.com', code: once } })).status,
    ).toBe(400);
  });

  it('is rate-limited per number and per IP address', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await call('POST', '/api/auth/start', { body: { phone: '+15555550301' } })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const fromOneIp = [];
    for (let i = 0; i < 22; i++)
      fromOneIp.push(
        (await call('POST', '/api/auth/start', { body: { phone: `+1555555${String(1000 + i)}` }, ip: '203.0.113.7' }))
          .status,
      );
    expect(fromOneIp.filter((s) => s === 429)).toHaveLength(2);
  });

  it('explains bad input by field, never with a 500', async () => {
    expect(body(await call('POST', '/api/auth/start', { body: { phone: 'call me' } })).error).toMatchObject({
      code: 'invalid_phone',
      path: 'phone',
    });
    expect(
      body(await call('POST', '/api/auth/verify', { body: { phone: '+15555550101', code: '12' } })).error,
    ).toMatchObject({ path: 'code' });
    expect((await call('POST', '/api/auth/start', { raw: '{"phone":', type: 'application/json' })).status).toBe(400);
    expect(
      (await call('POST', '/api/auth/start', { raw: 'phone=1', type: 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
  });
});
