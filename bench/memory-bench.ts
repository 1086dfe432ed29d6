import { tick } from '../shared/delivery/tick.ts';
import type { DeliveryQueue } from '../shared/delivery/queue.ts';
import { connectStore } from '../local/embedded-store.ts';
import { startDynaliteProcess } from './dynalite-process.ts';
import { benchSchedules, seedSchedules } from './seed.ts';

/**
 * The tick's peak heap while planning `due` deliveries (dynalite runs in another process, so
 * only the tick's own memory is measured). It pages through the due index and must not hold
 * everything due, let alone everything stored.
 */
export async function benchTickMemory(dueCounts: number[]): Promise<Record<number, number>> {
  const dynalite = await startDynaliteProcess();
  try {
    const results: Record<number, number> = {};
    for (const due of dueCounts) {
      const store = await connectStore(dynalite.endpoint, `bench-memory-${due}`, 8);
      const now = Date.parse('2026-11-26T13:00:00Z');
      await seedSchedules(store, benchSchedules(due, due, now));
      const queue: DeliveryQueue = { enqueue: async () => {} };
      global.gc?.();
      const base = process.memoryUsage().heapUsed;
      let peak = base;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 5);
      await tick({ store, queue }, now);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      results[due] = (peak - base) / (1024 * 1024);
    }
    return results;
  } finally {
    await dynalite.close();
  }
}
