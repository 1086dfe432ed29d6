import type { Store } from '../store/store.ts';
import type { GroupWrite } from '../store/write-together.ts';

/**
 * The writes a reply makes, gathered instead of made, so that they go to the store in one
 * transaction with the inbound record: a retried text then finds either all of them or none.
 * `afterCommit` runs once they took effect (queueing a reply that is due now).
 */
export class StagedWrites {
  readonly writes: GroupWrite[] = [];
  readonly afterCommit: Array<() => Promise<void>> = [];

  add(write: GroupWrite, afterCommit?: () => Promise<void>): void {
    this.writes.push(write);
    if (afterCommit) this.afterCommit.push(afterCommit);
  }
}

/** A write tried while a reply's writes are being gathered: that reply is handled step by step instead. */
export class WriteOutsideStageError extends Error {
  constructor(command: string) {
    super(`${command} while a reply's writes are gathered`);
    this.name = 'WriteOutsideStageError';
  }
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

/**
 * The store as a gathering reply sees it: reads as usual; any write refused. Only the writes
 * that know how to be gathered (an answer, a notice, the reply) can be made then, so no path
 * can write ahead of the inbound record by mistake.
 */
export function readOnlyStore(store: Store): Store {
  const doc = Object.create(store.doc) as Store['doc'];
  doc.send = ((command: { constructor: { name: string } }) =>
    WRITES.test(command.constructor.name)
      ? Promise.reject(new WriteOutsideStageError(command.constructor.name))
      : (store.doc.send as (c: unknown) => Promise<unknown>)(command)) as Store['doc']['send'];
  return { ...store, doc };
}
