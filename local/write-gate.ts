/**
 * Many single writes at once, or one transaction alone: a transaction waits for the writes under
 * way and holds new ones back until it is done, so that nothing changes between checking its
 * conditions and applying its members. Reads never wait.
 */
export class WriteGate {
  private running = 0;
  private exclusiveRunning = false;
  private readonly waiting: Array<{ exclusive: boolean; start: () => void }> = [];

  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.enter(false, work);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.enter(true, work);
  }

  private async enter<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    if (!this.canStart(exclusive) || this.waiting.length > 0)
      await new Promise<void>((start) => this.waiting.push({ exclusive, start }));
    else this.begin(exclusive);
    try {
      return await work();
    } finally {
      this.running--;
      if (exclusive) this.exclusiveRunning = false;
      this.wakeUp();
    }
  }

  private canStart(exclusive: boolean): boolean {
    return exclusive ? this.running === 0 : !this.exclusiveRunning;
  }

  private begin(exclusive: boolean): void {
    this.running++;
    if (exclusive) this.exclusiveRunning = true;
  }

  /** In arrival order: a waiting transaction is not overtaken by writes that came after it. */
  private wakeUp(): void {
    while (this.waiting.length > 0 && this.canStart(this.waiting[0]!.exclusive)) {
      const next = this.waiting.shift()!;
      this.begin(next.exclusive);
      next.start();
      if (next.exclusive) return;
    }
  }
}
