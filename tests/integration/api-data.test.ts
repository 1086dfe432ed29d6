import { createHash } from 'node:crypto';
import { queryPairPrefix } from '../../shared/store/query-all.ts';
import { describe, expect, it } from 'vitest';
import { body, useTwoPairApi } from '../helpers/two-pair-api.ts';

const api = useTwoPairApi();
const { call, clock, sam, kim } = api;

describe("the caller's data: calendar, export and erasure, the API's description", () => {
  it("serves a calendar feed with the rituals and the partner's commitments as recurring events", async () => {
    const { url } = body(await call('GET', '/api/calendar', { token: sam() }));
    const path = new URL(url).pathname;
    const feed = await call('GET', path);
    expect(feed.headers?.['content-type']).toMatch(/^text\/calendar/);
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    expect(feed.body).toContain(
      'DTSTART;TZID=America/New_York:20240101T200000\r\nDURATION:PT60M\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH\r\nSUMMARY:Night walk together',
    );
    expect(feed.body).toContain('SUMMARY:Check-in: Call Alex at lunch');
    expect((await call('GET', `${path.slice(0, -10)}xxxxxxxxxx.ics`)).status).toBe(404);
  });

  it("exports the caller's data, and erasing it leaves the partner's data and a hashed consent record", async () => {
    const exported = body(await call('GET', '/api/export', { token: kim() }));
    expect(exported.you.name).toBe('Kim');
    expect(exported.plan.commitments.map((c: { id: string }) => c.id)).toEqual(['dishes']);
    expect((await call('DELETE', '/api/me', { token: kim() })).status).toBe(200);
    const left = await queryPairPrefix(api.store, 'PAIR#kim-lee', 'PARTNER#');
    expect(left.map((p) => p.partnerId)).toEqual(['lee']);
    expect(body(await call('GET', '/api/me', { token: kim() })).partner).toBeNull();
    const consent = await queryPairPrefix(
      api.store,
      `CONSENT#${createHash('sha256').update('+15555550201').digest('base64url')}`,
      '2',
    );
    expect(consent).toHaveLength(1);
    expect(consent[0]!.consentLog).toEqual([{ at: expect.any(String), status: 'confirmed', source: 'plan' }]);
    expect(consent[0]!.expiresAt).toBeGreaterThan(clock.now / 1000 + 3.9 * 365 * 86_400);
  });

  it('serves its OpenAPI 3.1 description', async () => {
    const doc = body(await call('GET', '/api/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/start', '/api/auth/verify', '/api/commitments/{id}', '/api/export']),
    );
    expect(doc.components.schemas.Commitment.properties.checkInAt.pattern).toBeDefined();
    // Every templated path declares each of its path parameters (OpenAPI requires it).
    const templated = Object.entries(
      doc.paths as Record<string, { parameters?: Array<{ name: string; in: string }> }>,
    ).filter(([path]) => path.includes('{'));
    expect(templated.map(([path]) => path)).toEqual(
      expect.arrayContaining(['/api/commitments/{id}', '/api/checkins/{key}/own', '/api/conversations/{at}/answer']),
    );
    for (const [path, item] of templated) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(
        item.parameters?.filter((p) => p.in === 'path').map((p) => p.name),
        path,
      ).toEqual(names);
    }
    // Accepting or declining an invitation needs the invitee's session.
    expect(doc.paths['/api/invitation/accept'].post.security).toBeDefined();
    expect(doc.paths['/api/invitation/decline'].post.security).toBeDefined();
  });
});
