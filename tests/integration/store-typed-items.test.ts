import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { getIdentityRecord, putOptOut } from '../../shared/store/consent-repository.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { hitRateLimit } from '../../shared/store/auth-repository.ts';
import { identityKey, pairPk, rateLimitKey } from '../../shared/store/keys.ts';
import { identityHash } from '../../shared/util/hash.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

const now = Date.UTC(2026, 10, 29, 9, 30);

describe('typed items in the store', () => {
  it('START from a number never seen leaves a tagged identity record that reads back', async () => {
    const store = await embedded.fresh();
    await putOptOut(store, '+15555550199', false, { at: new Date(now).toISOString(), words: 'START' });
    const raw = await store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: identityKey(identityHash('+15555550199')) }),
    );
    expect(raw.Item?.entity).toBe('Identity');
    expect(await getIdentityRecord(store, '+15555550199')).toEqual({});
  });

  it('a rate-limit window is tagged with its entity and a TTL in seconds', async () => {
    const store = await embedded.fresh();
    expect(await hitRateLimit(store, 'sign-in:x', 3, 3_600_000, now)).toBe(true);
    const window = Math.floor(now / 3_600_000);
    const raw = await store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: rateLimitKey('sign-in:x', window) }),
    );
    expect(raw.Item).toMatchObject({
      entity: 'RateLimitWindow',
      hits: 1,
      expiresAt: ((window + 2) * 3_600_000) / 1000,
    });
  });

  it('refuses a malformed stored check-in at the read, naming the entity, its key and the field', async () => {
    const store = await embedded.fresh();
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { PK: pairPk('p1'), SK: 'CHK#2026-11-29T09:00:00Z#commitment:call', entity: 'CheckIn', pairId: 'p1' },
      }),
    );
    await expect(listCheckIns(store, 'p1', now - 3_600_000, now)).rejects.toThrow(
      /Malformed CheckIn item PAIR#p1 \/ CHK#2026-11-29T09:00:00Z#commitment:call: ref: /,
    );
  });
});
