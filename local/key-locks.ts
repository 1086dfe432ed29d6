/**
 * Locks on items, by key: a transaction holds every item it writes, from checking its
 * conditions to applying its members, and a single write waits for a transaction holding its
 * item (and holds it briefly itself). Writes to other items go on at the same time. Keys are
 * taken in sorted order, so two holders can never wait for each other.
 */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async withKeys<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    const releases: Array<() => void> = [];
    try {
      for (const key of [...new Set(keys)].sort()) {
        const previous = this.tails.get(key) ?? Promise.resolve();
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        const tail = previous.then(() => held);
        this.tails.set(key, tail);
        releases.push(() => {
          release();
          if (this.tails.get(key) === tail) this.tails.delete(key);
        });
        await previous;
      }
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }
}

/** One item of one table, as a lock key. */
export const lockKey = (table: string, key: Record<string, unknown>) => `${table}\u0000${JSON.stringify(key)}`;
