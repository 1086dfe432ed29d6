import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_MS, type CandidateSource, MAX_STORED, walkCandidates } from '../../shared/schedule/candidate-blocks.ts';

const MINUTE_MS = 60_000;
let sources = 0;

/**
 * A source over a fixed ascending list of floating times (whole minutes), counting its
 * expansions; instants are the floating time plus one minute, so a wrong pairing shows.
 */
function listSource(candidates: number[]): CandidateSource & { expansions: Array<[number, number]> } {
  const expansions: Array<[number, number]> = [];
  return {
    key: `list ${sources++}`, // a fresh cache entry per source
    expansions,
    expand(from, until) {
      expansions.push([from, until]);
      return {
        floating: candidates.filter((c) => c >= from && c < until),
        following: candidates.find((c) => c >= until) ?? null,
      };
    },
    instantOf: (floating) => floating + MINUTE_MS,
  };
}

/** What rrule's between(from, through, inclusive) capped at `limit` lists, then visited until stop. */
function reference(candidates: number[], from: number, through: number, limit: number, stopAt?: number): number[] {
  const listed = candidates.filter((c) => c >= from && c <= through).slice(0, limit);
  const stop = stopAt === undefined ? -1 : listed.indexOf(stopAt);
  return stop === -1 ? listed : listed.slice(0, stop + 1);
}

function walked(source: CandidateSource, from: number, through: number, limit: number, stopAt?: number): number[] {
  const seen: number[] = [];
  walkCandidates(source, from, through, limit, (floating, instant) => {
    expect(instant).toBe(floating + MINUTE_MS);
    seen.push(floating);
    return floating !== stopAt;
  });
  return seen;
}

describe('walkCandidates reads cached blocks as rrule between(..., inclusive) would list them', () => {
  it('includes both ends, a candidate exactly on a block boundary once, and honours the cap', () => {
    const b = 10 * BLOCK_MS;
    const candidates = [b - 2 * MINUTE_MS, b - MINUTE_MS, b, b + MINUTE_MS, b + BLOCK_MS, b + 2 * BLOCK_MS - MINUTE_MS];
    const source = listSource(candidates);
    expect(walked(source, b, b + BLOCK_MS, 100)).toEqual([b, b + MINUTE_MS, b + BLOCK_MS]);
    expect(walked(source, b - MINUTE_MS, b, 100)).toEqual([b - MINUTE_MS, b]);
    expect(walked(source, b - 2 * MINUTE_MS, b + 3 * BLOCK_MS, 3)).toEqual(candidates.slice(0, 3));
    expect(walked(source, b + 1, b + BLOCK_MS - 1, 100)).toEqual([b + MINUTE_MS]);
    expect(walked(source, b, b + 5 * BLOCK_MS, 0)).toEqual([]);
    expect(walked(source, b + 5, b + 5, 10)).toEqual([]);
    expect(walked(source, b + BLOCK_MS, b, 10)).toEqual([]);
    // Three blocks, each expanded once however often they are read.
    expect(source.expansions.map(([from]) => from / BLOCK_MS)).toEqual([10, 11, 9]);
  });

  it('expands a long empty stretch once, and never past a rule that has ended', () => {
    const far = 400 * BLOCK_MS + 7 * MINUTE_MS;
    const source = listSource([0, far]);
    expect(walked(source, 0, far, 10)).toEqual([0, far]);
    expect(source.expansions).toHaveLength(2); // block 0 (which found `far`) and far's own block
    expect(walked(source, 5 * BLOCK_MS, far + 1, 10)).toEqual([far]); // remembered empty: no expansion
    expect(source.expansions).toHaveLength(2);
    expect(walked(source, far, far + 1000 * BLOCK_MS, 10)).toEqual([far]);
    expect(walked(source, far + 3 * BLOCK_MS, far + 1000 * BLOCK_MS, 10)).toEqual([]);
    expect(source.expansions).toHaveLength(2); // the rule ended in far's block: nothing after it is expanded
  });

  it('property: any walk over any candidates, in any order of queries, lists what the reference lists', () => {
    const minute = fc.integer({ min: -3 * 46_080, max: 6 * 46_080 }).map((m) => m * MINUTE_MS); // ±blocks
    fc.assert(
      fc.property(
        fc.uniqueArray(minute, { maxLength: 60 }).map((list) => list.sort((x, y) => x - y)),
        fc.array(fc.tuple(minute, fc.integer({ min: -5, max: 200_000 }), fc.integer({ min: 0, max: 40 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.boolean(),
        (candidates, queries, stopEarly) => {
          const source = listSource(candidates);
          for (const [from, minutes, limit] of queries) {
            const through = from + minutes * MINUTE_MS;
            const stopAt = stopEarly ? candidates.find((c) => c >= from + 1000 * MINUTE_MS) : undefined;
            expect(walked(source, from, through, limit, stopAt)).toEqual(
              reference(candidates, from, through, limit, stopAt),
            );
          }
          // No block is ever expanded twice.
          expect(new Set(source.expansions.map(([from]) => from)).size).toBe(source.expansions.length);
        },
      ),
      { numRuns: 400, seed: 16 },
    );
  });

  it('is bounded: past MAX_STORED candidates it starts again, and answers stay the same', () => {
    // A candidate every minute: each block holds 46,080 of them.
    const perBlock = BLOCK_MS / MINUTE_MS;
    let expansions = 0;
    const everyMinute: CandidateSource = {
      key: `every minute ${sources++}`,
      expand(from, until) {
        expansions++;
        const floating = Array.from({ length: (until - from) / MINUTE_MS }, (_, i) => from + i * MINUTE_MS);
        return { floating, following: until };
      },
      instantOf: (floating) => floating + MINUTE_MS,
    };
    const blocksToFill = Math.ceil(MAX_STORED / perBlock) + 1;
    const firstOf = (from: number) => {
      let first: number | undefined;
      walkCandidates(everyMinute, from, from + BLOCK_MS, 1, (floating) => {
        first = floating;
        return false;
      });
      return first;
    };
    expect(firstOf(7 * MINUTE_MS)).toBe(7 * MINUTE_MS);
    expect(firstOf(9 * MINUTE_MS)).toBe(9 * MINUTE_MS);
    expect(expansions).toBe(1); // block 0, once
    for (let block = 1; block <= blocksToFill; block++) firstOf(block * BLOCK_MS + 3 * MINUTE_MS);
    expect(expansions).toBe(1 + blocksToFill);
    // On the way the cache passed its bound and started again: block 0 is expanded anew, once.
    expect(firstOf(11 * MINUTE_MS)).toBe(11 * MINUTE_MS);
    expect(expansions).toBe(2 + blocksToFill);
    expect(firstOf(13 * MINUTE_MS)).toBe(13 * MINUTE_MS);
    expect(expansions).toBe(2 + blocksToFill);
  });
});
