import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { VERIFY_STORE_SHORTCUTS } from './verify-store-shortcuts.ts';

const require = createRequire(import.meta.url);

/**
 * What dynalite's validation hands its expression parsers (validations/index.js `parse`): the
 * request's ExpressionAttributeNames and ExpressionAttributeValues, and the sets of names and
 * values not used yet, from which each parser deletes what it resolves.
 */
interface ParseContext {
  attrNames?: Record<string, string>;
  attrVals?: Record<string, object>;
  unusedAttrNames?: Record<string, boolean>;
  unusedAttrVals?: Record<string, boolean>;
  isKeyCondition?: boolean;
}
type Parse = (input: string, options?: { context?: ParseContext }) => unknown;
interface ParserModule {
  parse: Parse;
}

/**
 * A successful parse, as a recipe: the result's shape with a slot wherever one of the request's
 * value objects sat (dynalite embeds them by identity), and the names and values it resolved.
 */
type Shape =
  | { kind: 'value'; name: string }
  | { kind: 'leaf'; value: unknown }
  | { kind: 'array'; items: Shape[] }
  | { kind: 'object'; proto: object | null; keys: string[]; values: Shape[] };
interface Template {
  root: Shape;
  /** True when the result holds one object in two places (the update parser's `paths`), kept so in each copy. */
  aliased: boolean;
  usedNames: string[];
  usedVals: string[];
}

// BETWEEN compares its bounds' contents and attribute_type checks its argument's text: the
// outcome of those depends on more than the values' types, so they are always parsed for real.
const CONTENT_DEPENDENT = /between|attribute_type/i;
/** How many parses the cache keeps; Kept's own expressions need a few dozen, the rest is headroom. */
export const EXPRESSION_CACHE_ENTRIES = 500;

const templates = new Map<string, Template>();
const counts = { hits: 0, misses: 0, uncached: 0 };
let active = 0;
let installed = false;

/**
 * Runs `work` (dynalite's validation of one request, which is synchronous) with dynalite's
 * expression parsers answering repeats from a cache: the same results and the same effects on
 * the unused-names and unused-values sets as a real parse. Outside `work` the parsers behave
 * exactly as dynalite's own (dynalite's HTTP server in the same process is not affected).
 */
export function withExpressionCache<T>(work: () => T): T {
  if (!installed) install();
  active++;
  let result: T;
  try {
    result = work();
  } catch (thrown) {
    active--;
    throw takeMismatch() ?? thrown;
  }
  active--;
  const mismatch = takeMismatch();
  if (mismatch) throw mismatch;
  return result;
}

// dynalite turns whatever a parser throws into a validation message; a verify-mode mismatch is
// kept here and thrown by withExpressionCache instead, so that it can never pass for a user error.
let pendingMismatch: Error | null = null;
function takeMismatch(): Error | null {
  const mismatch = pendingMismatch;
  pendingMismatch = null;
  return mismatch;
}

/** Parses answered from the cache, parsed and cached, and parsed and not cacheable, since the process started. */
export const expressionCacheCounts = (): { hits: number; misses: number; uncached: number } => ({ ...counts });

function install(): void {
  for (const file of ['conditionParser', 'updateParser', 'projectionParser']) {
    const parser = require(`dynalite/db/${file}`) as ParserModule;
    const original = parser.parse;
    parser.parse = (input, options) =>
      active > 0 && options?.context && Object.keys(options).length === 1
        ? cachedParse(file, original, input, options.context)
        : original(input, options);
  }
  installed = true;
}

function cachedParse(file: string, original: Parse, input: string, context: ParseContext): unknown {
  if (CONTENT_DEPENDENT.test(input)) {
    counts.uncached++;
    return original(input, { context });
  }
  const key = JSON.stringify([
    file,
    context.isKeyCondition === true,
    input,
    context.attrNames ?? null,
    valueTypes(context.attrVals),
  ]);
  const template = templates.get(key);
  if (template) {
    counts.hits++;
    if (VERIFY_STORE_SHORTCUTS) return verifiedHit(template, original, input, context);
    return replay(template, context);
  }
  const parsed = parseAndRecord(original, input, context);
  if (parsed.template) {
    counts.misses++;
    if (templates.size >= EXPRESSION_CACHE_ENTRIES) templates.delete(templates.keys().next().value as string);
    templates.set(key, parsed.template);
  } else counts.uncached++;
  return parsed.result;
}

/** Each value's top-level type (`:when:S,:n:N`): the only thing about a value the cached parses depend on. */
function valueTypes(values: Record<string, object> | undefined): string | null {
  if (!values) return null;
  let types = '';
  for (const name in values) types += `${name}:${Object.keys(values[name] as object).join('+')},`;
  return types;
}

/**
 * A real parse, with fresh unused sets holding every name and value so that what it resolves is
 * seen even when an earlier expression of the request already used it; then the same deletions
 * on the request's own sets (also when the parse fails, as a real parse would have made them).
 */
function parseAndRecord(
  original: Parse,
  input: string,
  context: ParseContext,
): { result: unknown; template: Template | null } {
  const unusedAttrNames = allTrue(context.attrNames);
  const unusedAttrVals = allTrue(context.attrVals);
  let result: unknown;
  try {
    result = original(input, { context: { ...context, unusedAttrNames, unusedAttrVals } });
  } finally {
    deleteUsed(context.unusedAttrNames, context.attrNames, unusedAttrNames);
    deleteUsed(context.unusedAttrVals, context.attrVals, unusedAttrVals);
  }
  // A string is dynalite's answer for a semantic error: not cached, so errors are always dynalite's own.
  if (typeof result !== 'object' || result === null) return { result, template: null };
  const shape = shapeOf(result, context.attrVals);
  if (!shape) return { result, template: null };
  return {
    result,
    template: {
      ...shape,
      usedNames: Object.keys(context.attrNames ?? {}).filter((name) => !(name in unusedAttrNames)),
      usedVals: Object.keys(context.attrVals ?? {}).filter((name) => !(name in unusedAttrVals)),
    },
  };
}

function allTrue(map: Record<string, unknown> | undefined): Record<string, boolean> {
  const all = Object.create(null) as Record<string, boolean>;
  for (const key in map) all[key] = true;
  return all;
}

function deleteUsed(
  target: Record<string, boolean> | undefined,
  all: Record<string, unknown> | undefined,
  unused: Record<string, boolean>,
): void {
  if (!target) return;
  for (const key in all) if (!(key in unused)) delete target[key];
}

/** The recipe of a parse result, or null when it holds something this cache would not copy faithfully. */
function shapeOf(result: object, values: Record<string, object> | undefined): { root: Shape; aliased: boolean } | null {
  const valueNames = new Map<object, string>();
  for (const name in values) {
    const value = values[name] as object;
    // One object under two names: which name a slot means would be a guess.
    if (valueNames.has(value)) return null;
    valueNames.set(value, name);
  }
  const seen = new Map<object, Shape>();
  let aliased = false;
  let faithful = true;
  const walk = (x: unknown): Shape => {
    if (x === null || (typeof x !== 'object' && typeof x !== 'function' && typeof x !== 'symbol'))
      return { kind: 'leaf', value: x };
    if (typeof x !== 'object') {
      faithful = false;
      return { kind: 'leaf', value: undefined };
    }
    const name = valueNames.get(x);
    if (name !== undefined) return { kind: 'value', name };
    const prior = seen.get(x);
    if (prior) {
      aliased = true;
      return prior;
    }
    if (Array.isArray(x)) {
      if (Object.getPrototypeOf(x) !== Array.prototype || Object.keys(x).length !== x.length) faithful = false;
      const shape: Shape = { kind: 'array', items: [] };
      seen.set(x, shape);
      for (let i = 0; i < x.length; i++) shape.items.push(walk(x[i]));
      return shape;
    }
    const proto = Object.getPrototypeOf(x) as object | null;
    if (proto !== Object.prototype && proto !== null) faithful = false;
    const keys = Object.keys(x);
    const shape: Shape = { kind: 'object', proto, keys, values: [] };
    seen.set(x, shape);
    for (const key of keys) shape.values.push(walk((x as Record<string, unknown>)[key]));
    return shape;
  };
  const root = walk(result);
  return faithful ? { root, aliased } : null;
}

/** A cache hit: a fresh copy of the result holding this request's value objects, and the same deletions. */
function replay(template: Template, context: ParseContext): unknown {
  if (context.unusedAttrNames) for (const name of template.usedNames) delete context.unusedAttrNames[name];
  if (context.unusedAttrVals) for (const name of template.usedVals) delete context.unusedAttrVals[name];
  return build(template.root, context.attrVals ?? {}, template.aliased ? new Map() : null);
}

function build(shape: Shape, values: Record<string, object>, copies: Map<Shape, unknown> | null): unknown {
  switch (shape.kind) {
    case 'leaf':
      return shape.value;
    case 'value':
      return values[shape.name];
    case 'array': {
      const prior = copies?.get(shape);
      if (prior) return prior;
      const out: unknown[] = [];
      copies?.set(shape, out);
      for (const item of shape.items) out.push(build(item, values, copies));
      return out;
    }
    case 'object': {
      const prior = copies?.get(shape);
      if (prior) return prior;
      const out = (shape.proto === null ? Object.create(null) : {}) as Record<string, unknown>;
      copies?.set(shape, out);
      for (let i = 0; i < shape.keys.length; i++)
        out[shape.keys[i] as string] = build(shape.values[i] as Shape, values, copies);
      return out;
    }
  }
}

/** KEPT_VERIFY_STORE_SHORTCUTS=1: every hit is parsed for real too, and any difference throws. */
function verifiedHit(template: Template, original: Parse, input: string, context: ParseContext): unknown {
  const expectedNames = context.unusedAttrNames && { ...context.unusedAttrNames };
  const expectedVals = context.unusedAttrVals && { ...context.unusedAttrVals };
  const expected = original(input, {
    context: { ...context, unusedAttrNames: expectedNames, unusedAttrVals: expectedVals },
  });
  const result = replay(template, context);
  const problem = !isDeepStrictEqual(result, expected)
    ? 'a different result'
    : !sameValueObjects(result, expected, new Set(Object.values(context.attrVals ?? {})))
      ? 'a different value object in the result'
      : !isDeepStrictEqual(context.unusedAttrNames, expectedNames) ||
          !isDeepStrictEqual(context.unusedAttrVals, expectedVals)
        ? 'different unused names or values'
        : null;
  if (problem) {
    pendingMismatch = new Error(
      `expression cache: a cached parse of ${JSON.stringify(input)} gave ${problem} than dynalite's`,
    );
    throw pendingMismatch;
  }
  return result;
}

/** Wherever dynalite's result holds one of the request's value objects, the cached one holds that very object. */
function sameValueObjects(actual: unknown, expected: unknown, values: Set<unknown>): boolean {
  if (values.has(expected)) return actual === expected;
  if (typeof expected !== 'object' || expected === null) return true;
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  return Object.keys(e).every((key) => sameValueObjects(a[key], e[key], values));
}
