/**
 * The floating (local wall-clock) candidates of a recurrence, expanded once per block of
 * floating time and then read by binary search.
 *
 * A recurrence's candidates are a fixed set for (rule, start, at): moving the rule's anchor by
 * whole periods (which is all the expansion does to stay cheap) keeps every phase. So the
 * tick, which asks for "the next occurrence after now" at every advance, and the weekly
 * summary, which counts a year of occurrences per promise, can share one expansion per block
 * instead of building a rule and expanding a window on every call.
 */

const DAY_MS = 86_400_000;
/** 32 days: a monthly rule on any day up to the 28th falls in every block; a year is 12 blocks. */
export const BLOCK_MS = 32 * DAY_MS;
/** Blocks known to be empty are remembered up to this far past the block that found them. */
const MAX_EMPTY_BLOCKS_REMEMBERED = 64;
/** Candidates plus blocks held in all caches together; past this everything starts again. */
export const MAX_STORED = 200_000;

/** Where the candidates come from: the rule's expansion and the conversion to instants. */
export interface CandidateSource {
  /** Names the candidate set and the instants (rule, start, at and zone). */
  key: string;
  /**
   * The floating candidates in [fromFloating, untilFloating), in order, and the first one at or
   * after untilFloating (null: there is none, the rule has ended).
   */
  expand(fromFloating: number, untilFloating: number): { floating: number[]; following: number | null };
  /** The instant of a floating candidate (without any offset). */
  instantOf(floating: number): number;
}

interface Block {
  floating: number[];
  /** Each candidate's instant, converted when first visited (NaN until then). */
  instants: number[];
  /** The next block that can hold a candidate (Infinity: none). */
  next: number;
}

interface Blocks {
  byIndex: Map<number, Block>;
  /** Every block after this one is empty (the rule has ended). */
  endedAfter: number;
}

const EMPTY: readonly number[] = [];
const blocksByKey = new Map<string, Blocks>();
let stored = 0;

function blocksFor(key: string): Blocks {
  if (stored > MAX_STORED) {
    blocksByKey.clear();
    stored = 0;
  }
  let blocks = blocksByKey.get(key);
  if (!blocks) {
    blocks = { byIndex: new Map(), endedAfter: Number.POSITIVE_INFINITY };
    blocksByKey.set(key, blocks);
  }
  return blocks;
}

function emptyBlock(next: number): Block {
  return { floating: EMPTY as number[], instants: EMPTY as number[], next };
}

function blockAt(source: CandidateSource, blocks: Blocks, index: number): Block {
  if (index > blocks.endedAfter) return emptyBlock(Number.POSITIVE_INFINITY);
  const known = blocks.byIndex.get(index);
  if (known) return known;
  const start = index * BLOCK_MS;
  const { floating, following } = source.expand(start, start + BLOCK_MS);
  const next = following === null ? Number.POSITIVE_INFINITY : Math.floor(following / BLOCK_MS);
  const block: Block = { floating, instants: new Array<number>(floating.length).fill(Number.NaN), next };
  blocks.byIndex.set(index, block);
  stored += floating.length + 1;
  if (following === null) blocks.endedAfter = Math.min(blocks.endedAfter, index);
  // The expansion ran on to the next candidate: the blocks it crossed are empty. Remember a
  // few, so that a walk starting in one of them does not expand the same stretch again.
  const skipped = Math.min(next, index + 1 + MAX_EMPTY_BLOCKS_REMEMBERED);
  for (let empty = index + 1; empty < skipped; empty++) {
    if (!blocks.byIndex.has(empty)) {
      blocks.byIndex.set(empty, emptyBlock(next));
      stored++;
    }
  }
  return block;
}

/** The index of the first value >= target in an ascending array (its length when none is). */
function firstAtOrAfter(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Visits the candidates in [fromFloating, throughFloating] (both ends included), in order, at
 * most `limit` of them, until `visit` returns false: what rrule's
 * `between(from, through, true)` capped at `limit` candidates would list, read from the cache.
 */
export function walkCandidates(
  source: CandidateSource,
  fromFloating: number,
  throughFloating: number,
  limit: number,
  visit: (floating: number, instant: number) => boolean,
): void {
  const blocks = blocksFor(source.key);
  const firstIndex = Math.floor(fromFloating / BLOCK_MS);
  const lastIndex = Math.floor(throughFloating / BLOCK_MS);
  let visited = 0;
  for (let index = firstIndex; index <= lastIndex; ) {
    const { floating, instants, next } = blockAt(source, blocks, index);
    for (let i = index === firstIndex ? firstAtOrAfter(floating, fromFloating) : 0; i < floating.length; i++) {
      if (floating[i]! > throughFloating || visited === limit) return;
      visited++;
      let instant = instants[i]!;
      if (Number.isNaN(instant)) {
        instant = source.instantOf(floating[i]!);
        instants[i] = instant;
      }
      if (!visit(floating[i]!, instant)) return;
    }
    index = next;
  }
}
