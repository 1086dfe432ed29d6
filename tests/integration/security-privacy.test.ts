import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import type { createRouter } from '../../shared/http/router.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { ALEX, couple, SAM } from '../helpers/couple.ts';
import { apiRouter } from '../helpers/api-harness.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
let store: Store;
let kept: Awaited<ReturnType<typeof couple>>;
let handle: ReturnType<typeof createRouter>;

/** Keys that would tell Alex how Sam did beyond what Sam kept. */
const HIDDEN_KEYS = ['missed', 'unanswered', 'skipped', 'open', 'due', 'currentStreak', 'bestStreak', 'score', 'trend'];
const SAMS = /lunch-call|Call Alex at lunch/;

beforeAll(async () => {
  store = await embedded.fresh();
  kept = await couple(store); // share: kept-only (the default)
  // Sam's week: Monday missed, Tuesday kept, Wednesday never answered, Thursday kept.
  await kept.at('2026-11-24T01:00:00Z');
  await kept.text(SAM, 'N');
  await kept.at('2026-11-25T01:00:00Z');
  await kept.text(SAM, 'Y');
  await kept.at('2026-11-26T01:00:00Z');
  await kept.at('2026-11-27T01:00:00Z');
  await kept.text(SAM, 'Y');
  await kept.at('2026-11-28T12:00:00Z');
  const statuses = (await listCheckIns(store, 'sam-alex', 0, kept.clock.now))
    .filter((c) => c.ownerId === 'sam')
    .map((c) => c.status);
  expect(statuses).toEqual(expect.arrayContaining(['missed', 'kept', 'open']));
  handle = apiRouter(store, kept.engine.queue, () => kept.clock.now);
});
afterAll(() => embedded.stop());

const get = (path: string, token?: string) => {
  const [pathname, query = ''] = path.split('?');
  return handle({
    method: 'GET',
    path: pathname!,
    query: new URLSearchParams(query),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: '',
    sourceIp: '198.51.100.20',
  });
};

/** Every object in a JSON value that is about one of Sam's promises, with where it was found. */
function aboutSam(value: unknown, where: string, found: Array<[string, Record<string, unknown>]> = []) {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) aboutSam(v, `${where}[${i}]`, found);
  } else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const own = Object.values(object).some((v) => typeof v === 'string' && SAMS.test(v));
    if (own) found.push([where, object]);
    for (const [key, v] of Object.entries(object)) aboutSam(v, `${where}.${key}`, found);
  }
  return found;
}

describe("the other partner's view, under kept-only", () => {
  it("no GET route in the OpenAPI document shows Alex a miss, an unanswered check-in or a streak of Sam's", async () => {
    const alex = await startSession(store, ALEX, kept.clock.now);
    const sam = await startSession(store, SAM, kept.clock.now);
    const document = JSON.parse((await get('/api/openapi.json')).body!);
    const paths = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path);
    expect(paths.length).toBeGreaterThan(8);
    let walked = 0;
    for (const template of paths) {
      const path = template.replace(/\{[^}]+\}/g, '2026-11-24T01:00:00Z');
      const response = await get(`${path}?count=26&days=366`, alex);
      if (response.status !== 200) continue;
      walked++;
      const text = response.body ?? '';
      const bodies = [text];
      // The calendar answers with a feed URL: follow it too.
      if (template === '/api/calendar') {
        const url = new URL(JSON.parse(text).url);
        bodies.push((await get(url.pathname)).body ?? '');
      }
      for (const body of bodies) {
        let value: unknown;
        try {
          value = JSON.parse(body);
        } catch {
          expect(body, template).not.toMatch(/missed|unanswered|streak/i);
          continue;
        }
        for (const [where, object] of aboutSam(value, template)) {
          for (const key of HIDDEN_KEYS) expect(object, `${where}.${key}`).not.toHaveProperty(key);
          if ('status' in object) expect(object.status, `${where}.status`).toBe('kept');
        }
        // The couple's total leaves out what was due (due minus kept would be Sam's misses).
        if (template === '/api/weeks')
          for (const week of (value as { weeks: Array<{ couple: object }> }).weeks)
            expect(week.couple).not.toHaveProperty('due');
      }
    }
    expect(walked).toBeGreaterThan(6);
    // Sam himself still sees his own misses (the rule hides them from Alex, not from him).
    const own = JSON.parse((await get('/api/weeks?count=1', sam)).body!).weeks[0].own;
    expect(own.find((s: { title: string }) => SAMS.test(s.title))).toMatchObject({ missed: 1 });
  });
});
