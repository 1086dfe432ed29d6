import { describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { jsonOf, useCheckInSent } from '../helpers/api-harness.ts';

const api = useCheckInSent();
const SAM = '+15555550101';

describe('path parameters of the API: one check, in the router', () => {
  it('answers 404 for an id over 200 characters or with other characters, before the store is read (never a 500)', async () => {
    const sam = await startSession(api.store, SAM, api.clock.now);
    const long = 'x'.repeat(1100);
    const refused = [
      ['POST', `/api/supporters/${long}/answer`, { agree: true }],
      ['POST', `/api/checkins/CHK%23${long}/answer`, { answer: 'Y' }],
      ['POST', `/api/checkins/CHK%23${long}/undo`, {}],
      ['POST', `/api/supporters/${'y'.repeat(201)}/answer`, { agree: true }],
      ['POST', '/api/checkins/CHK%23%00/undo', {}],
      ['DELETE', '/api/commitments/a%20b', undefined],
    ] as const;
    for (const [method, path, body] of refused) {
      const mark = api.store.requests.mark();
      const response = await api.call(method, path, sam, body);
      expect(response.status, `${method} ${path.slice(0, 50)}`).toBe(404);
      expect(jsonOf(response).error.code).toBe('not_found');
      expect(api.store.requests.since(mark).total, `${method} ${path.slice(0, 50)} read the store`).toBe(0);
    }
  });

  it('still lets real ids through: a check-in key with # and :, a time with a sign', async () => {
    const sam = await startSession(api.store, SAM, api.clock.now);
    const log = jsonOf(await api.call('GET', '/api/checkins', sam)).checkIns;
    const open = log.find((c: { status: string }) => c.status === 'open');
    const answered = await api.call('POST', `/api/checkins/${encodeURIComponent(open.checkInKey)}/answer`, sam, {
      answer: 'Y',
    });
    expect(answered.status).toBe(200);
    const farOff = await api.call('DELETE', '/api/conversations/+275760-09-13T00:00:00Z/answer', sam);
    expect(farOff.status).toBe(404);
    // 200 characters pass the check and are looked up.
    const mark = api.store.requests.mark();
    const exactly200 = await api.call('POST', `/api/supporters/${'y'.repeat(200)}/answer`, sam, { agree: true });
    expect(exactly200.status).toBe(404);
    expect(api.store.requests.since(mark).total).toBeGreaterThan(0);
  });
});
