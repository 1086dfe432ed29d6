import { describe, expect, it } from 'vitest';
import { cachedFor, SECRET_TTL_MS } from '../../functions/cached.ts';

describe('secrets and what is built from them are cached with a TTL', () => {
  it('builds once within the TTL and again after it (a rotated token takes effect)', async () => {
    let clock = 0;
    let version = 0;
    const token = cachedFor(
      SECRET_TTL_MS,
      async () => `token-v${++version}`,
      () => clock,
    );
    expect(await token()).toBe('token-v1');
    clock += SECRET_TTL_MS - 1;
    expect(await token()).toBe('token-v1');
    clock += 1;
    expect(await token()).toBe('token-v2');
    expect(version).toBe(2);
  });

  it('shares one build between concurrent callers', async () => {
    let builds = 0;
    const value = cachedFor(
      1_000,
      async () => ++builds,
      () => 0,
    );
    expect(await Promise.all([value(), value(), value()])).toEqual([1, 1, 1]);
  });

  it('a failed refresh keeps the last good value and is retried on the next call; a first failure is thrown', async () => {
    let clock = 0;
    let fail = true;
    let builds = 0;
    const value = cachedFor(
      1_000,
      async () => {
        builds++;
        if (fail) throw new Error('SSM unavailable');
        return `v${builds}`;
      },
      () => clock,
    );
    await expect(value()).rejects.toThrow('SSM unavailable');
    fail = false;
    expect(await value()).toBe('v2'); // not cached: tried again
    clock += 1_000;
    fail = true;
    expect(await value()).toBe('v2'); // stale but working
    fail = false;
    expect(await value()).toBe('v4'); // the failure was not cached
  });
});
