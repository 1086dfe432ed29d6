import type { Store } from './store/store.ts';
import type { Logger } from './util/logger.ts';

/**
 * The current instant in epoch milliseconds. Passed in, never read deep in the code: Lambda and
 * `kept start` wire the system clock once, `kept simulate` and tests a virtual one, and the same
 * code runs on either.
 */
export type Clock = () => number;

/** The real clock; only composition roots (functions/runtime.ts, local/) name it. */
export const systemClock: Clock = () => Date.now();

/** What every use case and route gets from its runtime's composition root. */
export interface AppDeps {
  store: Store;
  logger: Logger;
  /** Required: a default here would quietly put the system clock under a simulation. */
  now: Clock;
}
