import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EXPRESSION_CACHE_ENTRIES,
  expressionCacheCounts,
  withExpressionCache,
} from '../../local/expression-parse-cache.ts';
import { InProcessDynalite } from '../../local/in-process-dynalite.ts';

const require = createRequire(import.meta.url);
const validations = require('dynalite/validations') as {
  validateExpressions(data: Record<string, unknown>): string | undefined;
};

type Request = Record<string, unknown>;
const PARSED = ['_updates', '_condition', '_keyCondition', '_filter', '_projection'];

/** dynalite's own validation of a request's expressions: its message (if any) and what it parsed. */
function dynalite(request: Request): { message: string | undefined; data: Request } {
  const data = structuredClone(request);
  return { message: validations.validateExpressions(data), data };
}

/** The same through the cache (a hit when the expressions were seen before with values of the same types). */
function cached(request: Request): { message: string | undefined; data: Request } {
  const data = structuredClone(request);
  return { message: withExpressionCache(() => validations.validateExpressions(data)), data };
}

/** Asserts the cache answers exactly as dynalite: the message, each parse (prototypes too), and its value objects. */
function expectSame(request: Request): Request {
  const expected = dynalite(request);
  const actual = cached(request);
  expect(actual.message).toBe(expected.message);
  for (const field of PARSED) {
    expect(actual.data[field]).toEqual(expected.data[field]);
    expect(isDeepStrictEqual(actual.data[field], expected.data[field])).toBe(true);
  }
  return actual.data;
}

const hitsDuring = (work: () => void): number => {
  const before = expressionCacheCounts().hits;
  work();
  return expressionCacheCounts().hits - before;
};

const update = (n: Record<string, string>, who: Record<string, string>): Request => ({
  UpdateExpression: 'SET #n = #n + :n, #who = :who REMOVE #gone',
  ConditionExpression: 'attribute_exists(#n) AND #who <> :who',
  ExpressionAttributeNames: { '#n': 'count', '#who': 'by', '#gone': 'old' },
  ExpressionAttributeValues: { ':n': n, ':who': who },
});
const query = (pk: string, prefix: string): Request => ({
  KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
  FilterExpression: 'attribute_not_exists(#done) OR size(#tags) > :zero',
  ProjectionExpression: 'PK, SK, #tags[0], #done.#at',
  ExpressionAttributeNames: { '#done': 'done', '#tags': 'tags', '#at': 'at' },
  ExpressionAttributeValues: { ':pk': { S: pk }, ':prefix': { S: prefix }, ':zero': { N: '0' } },
});

describe('the expression parse cache of the in-process store', () => {
  it('answers a repeated condition, update, key-condition, filter and projection exactly as dynalite', () => {
    expectSame(update({ N: '1' }, { S: 'sam' }));
    expectSame(query('PAIR#a', 'DELIVERY#'));
    const hits = hitsDuring(() => {
      const second = expectSame(update({ N: '5' }, { S: 'alex' }));
      expectSame(query('PAIR#b', 'MESSAGE#'));
      // The request's own value objects sit in the parse, as dynalite puts them there.
      const values = second.ExpressionAttributeValues as Record<string, unknown>;
      const sets = (second._updates as { sections: Array<{ val: unknown }> }).sections;
      expect(sets[1]?.val).toBe(values[':who']);
    });
    expect(hits).toBe(5);
  });

  it('still reports names and values no expression used, on a hit', () => {
    // Cached while the update expression used #b and :v; then the condition alone leaves them unused.
    const both = {
      UpdateExpression: 'SET #b = :v',
      ConditionExpression: 'attribute_exists(#a)',
      ExpressionAttributeNames: { '#a': 'a', '#b': 'b' },
      ExpressionAttributeValues: { ':v': { S: 'x' } },
    };
    expectSame(both);
    const conditionOnly = { ...both, UpdateExpression: undefined };
    let message: string | undefined;
    expect(hitsDuring(() => (message = cached(conditionOnly).message))).toBe(1);
    expect(message).toBe(dynalite(conditionOnly).message);
    expect(message).toBe('Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}');

    const extraValue = { UpdateExpression: 'SET #a = :v', ExpressionAttributeNames: { '#a': 'a' } };
    const values = { ':v': { S: 'x' }, ':spare': { N: '1' } };
    expectSame({ ...extraValue, ExpressionAttributeValues: values });
    expect(hitsDuring(() => expectSame({ ...extraValue, ExpressionAttributeValues: values }))).toBe(1);
    expect(cached({ ...extraValue, ExpressionAttributeValues: values }).message).toBe(
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:spare}',
    );
  });

  it("gives dynalite's errors for BETWEEN bounds and attribute_type names whose content is wrong", () => {
    const between = (from: string, until: string): Request => ({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :until',
      ExpressionAttributeValues: { ':pk': { S: 'p' }, ':from': { S: from }, ':until': { S: until } },
    });
    expect(expectSame(between('a', 'b'))._keyCondition).toBeDefined();
    const reversed = cached(between('b', 'a')).message;
    expect(reversed).toBe(dynalite(between('b', 'a')).message);
    expect(reversed).toMatch(/^Invalid KeyConditionExpression: The BETWEEN operator requires upper bound/);

    const typed = (type: string): Request => ({
      ConditionExpression: 'attribute_type(#a, :t)',
      ExpressionAttributeNames: { '#a': 'a' },
      ExpressionAttributeValues: { ':t': { S: type } },
    });
    expectSame(typed('SS'));
    const bad = cached(typed('TEXT')).message;
    expect(bad).toBe(dynalite(typed('TEXT')).message);
    expect(bad).toMatch(/^Invalid ConditionExpression: Invalid attribute type name found; type: TEXT/);
  });

  it("misses for a value of another type and gives dynalite's type error", () => {
    const add = (by: Record<string, unknown>): Request => ({
      UpdateExpression: 'SET #n = #n + :by',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':by': by },
    });
    expectSame(add({ N: '1' }));
    expectSame(add({ N: '2' }));
    let message: string | undefined;
    expect(hitsDuring(() => (message = cached(add({ S: 'one' })).message))).toBe(0);
    expect(message).toBe(dynalite(add({ S: 'one' })).message);
    expect(message).toBe(
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S',
    );

    const prefix = (p: Record<string, unknown>): Request => ({
      ConditionExpression: 'begins_with(#a, :p)',
      ExpressionAttributeNames: { '#a': 'a' },
      ExpressionAttributeValues: { ':p': p },
    });
    expectSame(prefix({ S: 'x' }));
    expect(cached(prefix({ N: '1' })).message).toBe(dynalite(prefix({ N: '1' })).message);
    expect(cached(prefix({ N: '1' })).message).toMatch(/operand type: N$/);
  });

  it('hands each request its own parse: changing one does not change the next', () => {
    const request = update({ N: '1' }, { S: 'sam' });
    const first = cached(request).data;
    const parsed = first._updates as { sections: Array<Record<string, unknown>>; paths: unknown[][] };
    parsed.sections[0]!.path = ['changed'];
    parsed.paths.push(['extra']);
    (first._condition as Record<string, unknown>).expression = null;
    expectSame(request);
    const again = cached(request).data;
    expect(again._updates).not.toBe(first._updates);
    // The update parser's `paths` holds the very arrays its sections hold; each copy keeps that.
    const copy = again._updates as { sections: Array<{ path: unknown }>; paths: unknown[] };
    expect(copy.paths[0]).toBe(copy.sections[0]?.path);
  });

  it('checks every hit against a real parse in verify mode (on in these tests) and throws on a difference', () => {
    expect(process.env.KEPT_VERIFY_STORE_SHORTCUTS).toBe('1');
    const request = (value: object): Request => ({
      UpdateExpression: 'SET #a = :v',
      ExpressionAttributeNames: { '#a': 'a' },
      ExpressionAttributeValues: { ':v': value },
    });
    cached(request({ S: 'x' }));
    // A value the cache's key cannot see: dynalite's parsers read a hidden `attrType` as the value's type.
    // dynalite's type check rebuilds every value before parsing, so only a direct call can make one.
    const hidden = Object.defineProperty({ S: 'y' }, 'attrType', { value: 'N', enumerable: false });
    expect(() => withExpressionCache(() => validations.validateExpressions(request(hidden)))).toThrow(
      'expression cache: a cached parse of "SET #a = :v" gave a different result than dynalite\'s',
    );
  });

  it('keeps a bounded number of parses, forgetting the oldest first', () => {
    const exists = (i: number): Request => ({
      ConditionExpression: `attribute_exists(#bounded${i})`,
      ExpressionAttributeNames: { [`#bounded${i}`]: 'a' },
    });
    cached(exists(0));
    expect(hitsDuring(() => cached(exists(0)))).toBe(1);
    for (let i = 1; i <= EXPRESSION_CACHE_ENTRIES; i++) cached(exists(i));
    const misses = expressionCacheCounts().misses;
    expect(hitsDuring(() => expectSame(exists(0)))).toBe(0);
    expect(expressionCacheCounts().misses).toBe(misses + 1);
    expect(hitsDuring(() => cached(exists(EXPRESSION_CACHE_ENTRIES)))).toBe(1);
  });

  it('leaves the parsers as dynalite has them outside the in-process validation', () => {
    const request = query('PAIR#c', 'X#');
    cached(request);
    expect(hitsDuring(() => dynalite(request))).toBe(0);
    expect(hitsDuring(() => cached(request))).toBe(3);
  });
});

describe('the in-process store with the cache', () => {
  const store = new InProcessDynalite();
  afterAll(() => store.close());

  it('applies each update with its own values and reports an unused value on a repeat', async () => {
    const TableName = 'cache-test';
    await store.dispatchObject('CreateTable', {
      TableName,
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    // Even with createTableMs 0, dynalite turns a table ACTIVE on a later turn of the event loop.
    for (;;) {
      const { body } = await store.dispatchObject('DescribeTable', { TableName });
      if ((body as { Table?: { TableStatus?: string } }).Table?.TableStatus === 'ACTIVE') break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const add = (by: string, extra: Record<string, unknown> = {}) =>
      store.dispatchObject('UpdateItem', {
        TableName,
        Key: { PK: { S: 'k' } },
        UpdateExpression: 'ADD #n :by SET #last = :by',
        ExpressionAttributeNames: { '#n': 'n', '#last': 'last' },
        ExpressionAttributeValues: { ':by': { N: by }, ...extra },
        ReturnValues: 'ALL_NEW',
      });
    await add('2');
    expect((await add('3')).body).toMatchObject({ Attributes: { PK: { S: 'k' }, n: { N: '5' }, last: { N: '3' } } });
    for (let i = 0; i < 2; i++)
      expect(await add('4', { ':spare': { S: 'x' } })).toEqual({
        status: 400,
        body: {
          __type: 'com.amazon.coral.validate#ValidationException',
          message: 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:spare}',
        },
      });
    expect(await store.dispatchObject('GetItem', { TableName, Key: { PK: { S: 'k' } } })).toEqual({
      status: 200,
      body: { Item: { PK: { S: 'k' }, n: { N: '5' }, last: { N: '3' } } },
    });
  });
});
