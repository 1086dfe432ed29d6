/**
 * dynalite reads a table's description from its LevelDB store, and decodes its JSON (about
 * 1.5 KB for Kept's table), several times per request: validation and action each ask for it.
 * A simulated year asked 19,000 times for 5,600 requests. The in-process store keeps the
 * description of an ACTIVE table decoded in memory instead.
 *
 * Item requests only read the description. The table requests change the object they are given
 * before writing it back (UpdateTable, DeleteTable), so they run with the copy bypassed: they
 * and anything running meanwhile read the store as before. Any write of a description through
 * `tableDb` drops the copy, and a read that started before such a write never stores its answer.
 * With KEPT_VERIFY_STORE_SHORTCUTS=1 every answer from the copy is read from the store too, and a
 * difference (a request that changed the copy it was handed, a write the cache missed) fails the request.
 */

import { isDeepStrictEqual } from 'node:util';
import { VERIFY_STORE_SHORTCUTS } from './verify-store-shortcuts.ts';

type TableCallback = (error: Error | null, table?: TableDescription) => void;

interface TableDescription {
  TableStatus?: string;
  KeySchema: Array<{ AttributeName: string }>;
}

/** The parts of dynalite's store this cache wraps. */
export interface DynaliteTableStore {
  getTable(name: string, checkStatus: boolean | TableCallback, cb?: TableCallback): void;
  tableDb: {
    put(key: string, value: unknown, cb: (error?: Error | null) => void): void;
    del(key: string, cb: (error?: Error | null) => void): void;
  };
}

export class TableDescriptionCache {
  private readonly tables = new Map<string, TableDescription>();
  /** Bumped by every write of a description: a read that saw an older one does not store it. */
  private version = 0;
  private bypassing = 0;

  /** Wraps `store.getTable` and the writes of `store.tableDb`, in place. */
  constructor(store: DynaliteTableStore) {
    const read = store.getTable.bind(store);
    store.getTable = (name, checkStatus, cb) => {
      const twoArguments = typeof checkStatus === 'function';
      const callback = (twoArguments ? checkStatus : cb) as TableCallback;
      const cached = this.bypassing === 0 ? this.tables.get(name) : undefined;
      // An ACTIVE table passes dynalite's status check; answer asynchronously, as dynalite does.
      if (cached && VERIFY_STORE_SHORTCUTS) return this.verifiedHit(read, name, cached, callback);
      if (cached) return queueMicrotask(() => callback(null, cached));
      const version = this.version;
      const keep: TableCallback = (error, table) => {
        if (!error && table?.TableStatus === 'ACTIVE' && this.bypassing === 0 && version === this.version)
          this.tables.set(name, table);
        callback(error, table);
      };
      // Called as dynalite's callers call it: with two arguments its status check is on, and its
      // "not found" message differs.
      if (twoArguments) read(name, keep);
      else read(name, checkStatus, keep);
    };
    for (const method of ['put', 'del'] as const) {
      const write = store.tableDb[method].bind(store.tableDb) as (...args: unknown[]) => void;
      (store.tableDb[method] as (...args: unknown[]) => void) = (...args: unknown[]) => {
        const done = args.pop() as (error?: Error | null) => void;
        this.forget();
        // Again once written: a read that started while the write was under way may have seen either.
        write(...args, (error?: Error | null) => {
          this.forget();
          done(error);
        });
      };
    }
  }

  /** Runs a table request with the copy dropped and unused until it is done. */
  async bypass<T>(work: () => Promise<T>): Promise<T> {
    this.bypassing++;
    this.forget();
    try {
      return await work();
    } finally {
      this.bypassing--;
    }
  }

  /** The copy, once the store's own description is found the same (unless a write of it came meanwhile). */
  private verifiedHit(
    read: DynaliteTableStore['getTable'],
    name: string,
    cached: TableDescription,
    callback: TableCallback,
  ): void {
    const version = this.version;
    read(name, false, (error, table) => {
      if (version === this.version && (error || !isDeepStrictEqual(table, cached)))
        return callback(new Error(`table description cache: the copy of ${name} differs from dynalite's store`));
      callback(null, cached);
    });
  }

  private forget(): void {
    this.version++;
    this.tables.clear();
  }
}
