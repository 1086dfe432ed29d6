import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, type ApiHarness } from '../helpers/api-harness.ts';
import { crossSite, SAM, useScriptedFortnight } from '../helpers/scripted-fortnight.ts';

// The dashboard's routes after one scripted fortnight (tests/helpers/scripted-fortnight.ts).
const fortnight = useScriptedFortnight();
const { session } = fortnight;
let api: ApiHarness;
beforeAll(() => {
  ({ api } = fortnight.started());
});

describe('the same-origin rule', () => {
  it('refuses every changing route of the OpenAPI document from another site, before it reads anything', async () => {
    const sam = await session(SAM);
    const document = jsonOf(await api.call('GET', '/api/openapi.json', sam));
    const changing = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) =>
        ['post', 'put', 'patch', 'delete']
          .filter((m) => m in methods)
          .map((m) => [m.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x')] as const),
    );
    expect(changing.map(([m, p]) => `${m} ${p}`)).toEqual(
      expect.arrayContaining([
        'DELETE /api/supporters/x',
        'POST /api/conversations/x/answer',
        'POST /api/checkins/x/undo',
        'PATCH /api/me',
      ]),
    );
    for (const [method, path] of changing) {
      const response = await api.call(method, path, sam, {}, crossSite);
      expect([response.status, jsonOf(response).error.code], `${method} ${path}`).toEqual([403, 'cross_site']);
    }
  });
});
