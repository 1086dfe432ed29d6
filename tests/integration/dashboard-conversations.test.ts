import { beforeAll, describe, expect, it } from 'vitest';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { jsonOf, type ApiHarness } from '../helpers/api-harness.ts';
import { ALEX, crossSite, SAM, useScriptedFortnight } from '../helpers/scripted-fortnight.ts';

// The dashboard's routes after one scripted fortnight (tests/helpers/scripted-fortnight.ts).
const fortnight = useScriptedFortnight();
const { session } = fortnight;
let store: Store;
let api: ApiHarness;
beforeAll(() => {
  ({ store, api } = fortnight.started());
});

describe('conversations answered from the dashboard', () => {
  const sunday = '/api/conversations/2026-12-07T00:00:00.000Z/answer';

  it('refuses bad input with the field, cross-site requests and strangers, and closed or unknown prompts', async () => {
    const alex = await session(ALEX);
    const refusal = async (path: string, body: unknown, headers?: Record<string, string>) => {
      const response = await api.call('POST', path, alex, body, headers);
      return [response.status, jsonOf(response).error?.path ?? jsonOf(response).error?.code];
    };
    expect(await refusal(sunday, {})).toEqual([400, 'text']);
    expect(await refusal(sunday, { text: '   ' })).toEqual([400, 'text']);
    expect(await refusal(sunday, { text: 'x'.repeat(1001) })).toEqual([400, 'text']);
    expect(await refusal(sunday, { text: 42 })).toEqual([400, 'text']);
    expect(await refusal('/api/conversations/not-a-time/answer', { text: 'hi' })).toEqual([400, 'at']);
    expect(await refusal('/api/conversations/2026-12-09T00:00:00Z/answer', { text: 'hi' })).toEqual([404, 'not_found']);
    expect(await refusal('/api/conversations/2026-12-03T00:00:00Z/answer', { text: 'late' })).toEqual([409, 'closed']);
    expect(await refusal(sunday, { text: 'hi' }, crossSite)).toEqual([403, 'cross_site']);
    expect((await api.call('POST', sunday, 'made-up-session', { text: 'hi' })).status).toBe(401);
    // Nothing was recorded by any of these.
    const { conversations } = jsonOf(await api.call('GET', '/api/conversations', alex));
    expect(conversations[0].yourAnswer).toBeUndefined();
  });

  it("answers like a text: the reveal goes to both, then each sees the other's words; the first answer stands", async () => {
    const alex = await session(ALEX);
    const answered = await api.call('POST', sunday, alex, { text: 'The walk by the river' });
    expect([answered.status, jsonOf(answered)]).toEqual([200, { answered: true, revealed: true }]);
    await api.engine.drain();
    const reveals = (await listWholeOutbox(store)).filter((m) => m.kind === 'conversation-reveal');
    expect(reveals.map((m) => m.to).sort()).toEqual([SAM, ALEX].sort());
    const { conversations } = jsonOf(await api.call('GET', '/api/conversations', alex));
    expect(conversations[0]).toMatchObject({
      state: 'revealed',
      yourAnswer: 'The walk by the river',
      theirAnswer: 'Sunday words Sam is waiting to share',
    });
    const again = await api.call('POST', sunday, alex, { text: 'Something else' });
    expect([again.status, jsonOf(again).error.code]).toEqual([409, 'already_answered']);
  });
});
