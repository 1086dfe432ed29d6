import { readFileSync } from 'node:fs';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url), 'utf8'));

/** The hostile strings (injection, control characters, huge, unicode edge cases), from the fixture. */
export const HOSTILE_STRINGS: string[] = fixture('strings.json');

/** Hostile inputs by kind (malformedJson, ...), from the fixture. */
export const HOSTILE_INPUTS: Record<string, string[]> = fixture('inputs.json');

/** Lone UTF-16 surrogates: invalid text JSON can still carry. */
export const LONE_SURROGATES = ['Y\uD800', '\uDC00'];
