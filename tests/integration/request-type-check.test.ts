import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { InProcessDynalite } from '../../local/in-process-dynalite.ts';
import { checkRequestTypes, requestTypeCheckCounts } from '../../local/request-type-check.ts';

const require = createRequire(import.meta.url);
type Types = Parameters<typeof checkRequestTypes>[1];
const validations = require('dynalite/validations') as {
  checkTypes(data: Record<string, unknown>, types: Types): Record<string, unknown>;
};
const operationTypes = (file: string) => (require(`dynalite/validations/${file}`) as { types: Types }).types;

/** What dynalite's checkTypes answers (the copy, or its error) and leaves of the request, against the fast check. */
function outcome(check: typeof checkRequestTypes, request: Record<string, unknown>, types: Types) {
  const input = structuredClone(request);
  try {
    return { data: check(input, types), input };
  } catch (error) {
    const { message, statusCode, body } = error as Error & { statusCode?: number; body?: unknown };
    return { error: { message, statusCode, body }, input };
  }
}

/** Asserts the same outcome as dynalite's, and whether the fast path took the request. */
function expectSame(request: Record<string, unknown>, file: string, path: 'fast' | 'dynalite' = 'fast') {
  const types = operationTypes(file);
  const expected = outcome(validations.checkTypes, request, types);
  const before = requestTypeCheckCounts();
  const actual = outcome(checkRequestTypes, request, types);
  expect(requestTypeCheckCounts()[path]).toBe(before[path] + 1);
  expect(actual).toEqual(expected);
  expect(isDeepStrictEqual(actual, expected)).toBe(true);
  return actual;
}

const everyType = {
  PK: { S: 'PAIR#a' },
  n: { N: '42.5' },
  b: { B: 'AAEC' },
  yes: { BOOL: false },
  none: { NULL: true },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2'] },
  bs: { BS: ['AAEC', 'AQID'] },
  list: { L: [{ S: 'x' }, { M: { deep: { L: [{ N: '1' }] } } }] },
  map: { M: { a: { S: 'y' }, b: { NULL: true } } },
};

describe("the in-process store's request type check", () => {
  it("gives dynalite's copy for every attribute type, and the same deletions of unknown and null members", () => {
    const { data, input } = expectSame(
      {
        TableName: 'kept-table',
        Item: everyType,
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValues: null,
        Unknown: { anything: 1 },
        ExpressionAttributeValues: undefined,
      },
      'putItem',
    );
    expect(data).toEqual({ TableName: 'kept-table', Item: everyType, ConditionExpression: 'attribute_not_exists(PK)' });
    expect(Object.keys(input)).toEqual(['TableName', 'Item', 'ConditionExpression']);
    expectSame(
      {
        RequestItems: { t1: { Keys: [{ PK: { S: 'a' } }], ConsistentRead: true, ProjectionExpression: 'PK' } },
        ReturnConsumedCapacity: 'NONE',
      },
      'batchGetItem',
    );
    expectSame(
      {
        TableName: 'kept-table',
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'DUE#0' } },
        Limit: 25.7,
        ExclusiveStartKey: { PK: { S: 'a' }, SK: { S: 'b' } },
        ScanIndexForward: false,
      },
      'query',
    );
  });

  it('leaves anything not already of its JSON type to dynalite: its conversions and its errors', () => {
    const put = (item: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      expectSame({ TableName: 'kept-table', Item: item, ...extra }, 'putItem', 'dynalite');
    // Converted by dynalite: a boolean written as text.
    expect(put({ PK: { S: 'a' }, ok: { BOOL: 'yes' } }).data?.Item).toEqual({ PK: { S: 'a' }, ok: { BOOL: true } });
    expect(put({ PK: { S: 5 } }).error?.message).toBe('NUMBER_VALUE cannot be converted to String');
    expect(put({ PK: { B: 'AAE' } }).error?.message).toMatch(/^Base64 encoded length is expected a multiple of 4/);
    expect(put({ PK: { L: { S: 'a' } } }).error?.message).toBe('Start of structure or map found where not expected');
    expect(put({ PK: [{ S: 'a' }] }).error?.body).toEqual({
      __type: 'com.amazon.coral.service#SerializationException',
      Message: 'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue',
    });
    expect(put({ PK: { S: 'a' } }, { TableName: true }).error?.statusCode).toBe(400);
    // A null inside a map or a list stays (dynalite's validation refuses it next), as dynalite leaves it.
    expect(
      expectSame(
        { TableName: 'kept-table', Item: { PK: { S: 'a' }, m: { M: { gone: null } }, l: { L: [null] } } },
        'putItem',
      ).data?.Item,
    ).toEqual({ PK: { S: 'a' }, m: { M: { gone: null } }, l: { L: [null] } });
  });

  it('checks each fast answer against dynalite in verify mode (on in these tests) and throws on a difference', () => {
    expect(process.env.KEPT_VERIFY_STORE_SHORTCUTS).toBe('1');
    // A member that reads differently each time: the copy the check keeps is not what dynalite would keep.
    let reads = 0;
    const request = Object.defineProperty({ Item: { PK: { S: 'a' } } }, 'TableName', {
      get: () => `kept-table-${reads++}`,
      enumerable: true,
    });
    expect(() => checkRequestTypes(request, operationTypes('putItem'))).toThrow(
      "request type check: the fast path's answer differs from dynalite's checkTypes",
    );
  });
});

describe('the in-process store with the fast type check', () => {
  const store = new InProcessDynalite();
  afterAll(() => store.close());

  it("answers a mistyped request with dynalite's serialization error", async () => {
    expect(await store.dispatchObject('GetItem', { TableName: 'kept-table', Key: { PK: { N: 1 } } })).toEqual({
      status: 400,
      body: {
        __type: 'com.amazon.coral.service#SerializationException',
        Message: 'NUMBER_VALUE cannot be converted to String',
      },
    });
  });
});
