import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { VERIFY_STORE_SHORTCUTS } from './verify-store-shortcuts.ts';

const require = createRequire(import.meta.url);

/** A member's type as dynalite's validations describe it: `'String'`, or `{ type: 'List', children: ... }`. */
type TypeSpec = string | { type?: unknown; children?: unknown };
/** An operation's request description (`require('dynalite/validations/putItem').types`). */
export type RequestTypes = Record<string, TypeSpec>;
type Types = RequestTypes;
const validations = require('dynalite/validations') as {
  checkTypes(data: Record<string, unknown>, types: Types): Record<string, unknown>;
};

// Anything the fast path does not take as it is (a number where a string goes, a base-64 oddity, a
// type it has no case for): dynalite's own checkTypes then runs on the request, with its own errors.
const OFF_PATH = Symbol('off the fast path');
type Check = (value: unknown) => unknown;

/**
 * dynalite's request type check (validations/index.js `checkTypes`: every member checked against
 * the operation's description, a fresh copy returned, unknown and null members deleted from the
 * request), compiled once per description instead of interpreted per value. It takes only what is
 * already of the right JSON type and gives the same copy and the same deletions; anything else
 * goes to dynalite's checkTypes, so every refusal is dynalite's own.
 */
export function checkRequestTypes(input: Record<string, unknown>, types: Types): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    counts.dynalite++;
    return validations.checkTypes(input, types);
  }
  const before = VERIFY_STORE_SHORTCUTS ? structuredClone(input) : null;
  const fast = structOf(types)(input);
  if (fast === OFF_PATH) {
    counts.dynalite++;
    return validations.checkTypes(input, types);
  }
  counts.fast++;
  if (before) verify(before, input, fast, types);
  return fast as Record<string, unknown>;
}

const counts = { fast: 0, dynalite: 0 };
/** Requests checked by the fast path, and by dynalite's checkTypes, since the process started. */
export const requestTypeCheckCounts = (): { fast: number; dynalite: number } => ({ ...counts });

// The AttributeValue members as dynalite expands `AttrStruct<...>`.
const ATTRIBUTE_VALUE_MEMBERS: Types = {
  S: 'String',
  B: 'Blob',
  N: 'String',
  BOOL: 'Boolean',
  NULL: 'Boolean',
  BS: { type: 'List', children: 'Blob' },
  NS: { type: 'List', children: 'String' },
  SS: { type: 'List', children: 'String' },
  L: { type: 'List', children: 'AttrStruct<ValueStruct>' },
  M: { type: 'Map<AttributeValue>', children: 'AttrStruct<ValueStruct>' },
};

const compiledSpecs = new Map<string, Check>();
const compiledObjects = new WeakMap<object, Check>();

function compile(spec: TypeSpec): Check {
  const known = typeof spec === 'string' ? compiledSpecs.get(spec) : compiledObjects.get(spec);
  if (known) return known;
  // A placeholder first: an AttributeValue holds lists and maps of AttributeValues.
  let check: Check | undefined;
  const recursive: Check = (value) => (check as Check)(value);
  if (typeof spec === 'string') compiledSpecs.set(spec, recursive);
  else compiledObjects.set(spec, recursive);
  check = build(typeof spec === 'string' ? { type: spec } : spec);
  if (typeof spec === 'string') compiledSpecs.set(spec, check);
  else compiledObjects.set(spec, check);
  return check;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One member's check, case by case as dynalite's checkType, each case keeping only its success path. */
function build(spec: { type?: unknown; children?: unknown }): Check {
  if (typeof spec.type !== 'string') return () => OFF_PATH;
  const generic = spec.type.match(/(.+?)<(.+)>$/);
  const type = generic ? generic[1] : spec.type;
  const children = spec.children as TypeSpec | Types | undefined;
  const child = () => compile(typeof children === 'string' ? children : (children as TypeSpec));
  const nullable =
    (check: Check): Check =>
    (value) =>
      value == null ? null : check(value);
  switch (type) {
    case 'AttrStruct':
      return compile({ type: `${generic?.[2]}<AttributeValue>`, children: ATTRIBUTE_VALUE_MEMBERS });
    case 'Boolean':
      return nullable((value) => (typeof value === 'boolean' ? value : OFF_PATH));
    case 'Short':
    case 'Integer':
    case 'Long':
      return nullable((value) => (typeof value === 'number' ? Math.floor(value) : OFF_PATH));
    case 'Double':
      return nullable((value) => (typeof value === 'number' ? value : OFF_PATH));
    case 'String':
      return nullable((value) => (typeof value === 'string' ? value : OFF_PATH));
    case 'Blob':
      return nullable((value) =>
        typeof value === 'string' && value.length % 4 === 0 && Buffer.from(value, 'base64').toString('base64') === value
          ? value
          : OFF_PATH,
      );
    case 'List':
    case 'ParameterizedList': {
      const each = child();
      return nullable((value) => {
        if (!Array.isArray(value)) return OFF_PATH;
        const out: unknown[] = [];
        for (const item of value) {
          const checked = each(item);
          if (checked === OFF_PATH) return OFF_PATH;
          out.push(checked);
        }
        return out;
      });
    }
    case 'Map':
    case 'ParameterizedMap': {
      const each = child();
      return nullable((value) => {
        if (!isMap(value)) return OFF_PATH;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
          const checked = each(value[key]);
          if (checked === OFF_PATH) return OFF_PATH;
          out[key] = checked;
        }
        return out;
      });
    }
    case 'ValueStruct':
    case 'FieldStruct': {
      const struct = structOf(children as Types);
      return nullable((value) => (isMap(value) ? struct(value) : OFF_PATH));
    }
    default:
      return () => OFF_PATH;
  }
}

const compiledStructs = new WeakMap<Types, Check>();

/** dynalite's checkTypes on one structure: unknown and null members deleted, the rest checked in the description's order. */
function structOf(types: Types): Check {
  let check = compiledStructs.get(types);
  if (check) return check;
  let members: Array<[string, Check]> | undefined;
  check = (value) => {
    const data = value as Record<string, unknown>;
    for (const key in data) if (!types[key] || data[key] == null) delete data[key];
    members ??= Object.keys(types).map((key) => [key, compile(types[key] as TypeSpec)]);
    const out: Record<string, unknown> = {};
    for (const [key, member] of members) {
      const checked = member(data[key]);
      if (checked === OFF_PATH) return OFF_PATH;
      if (checked != null) out[key] = checked;
    }
    return out;
  };
  compiledStructs.set(types, check);
  return check;
}

/** KEPT_VERIFY_STORE_SHORTCUTS=1: the same copy and the same request afterwards as dynalite's checkTypes, or a throw. */
function verify(before: Record<string, unknown>, after: Record<string, unknown>, fast: unknown, types: Types): void {
  const expected = validations.checkTypes(before, types);
  if (!isDeepStrictEqual(fast, expected) || !isDeepStrictEqual(after, before))
    throw new Error("request type check: the fast path's answer differs from dynalite's checkTypes");
}
