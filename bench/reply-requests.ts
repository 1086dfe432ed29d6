import { openEmbeddedStore } from '../local/embedded-store.ts';
import { handleInboundSms } from '../shared/replies/handle-reply.ts';
import { silentLogger } from '../shared/util/logger.ts';
import { couple, SAM } from '../tests/helpers/couple.ts';

export interface ReplyRequestCounts {
  /** A `Y` to an open check-in, until the webhook can answer. */
  yBeforeAnswer: number;
  /** The same, with the reply sent. */
  yWithSend: number;
  /** The kept notice to the partner, after its settle window: the tick that brings it back and its send. */
  settledNotice: number;
  /** WEEK, with its reply sent. */
  week: number;
}

/**
 * Store requests per inbound text, counted on the client (deterministic), with the example
 * couple on the in-process store: Sam's check-in goes out, then he answers Y, then WEEK.
 */
export async function countReplyRequests(): Promise<ReplyRequestCounts> {
  const embedded = openEmbeddedStore();
  try {
    const c = await couple(await embedded.connect('bench-replies', 8));
    await c.at('2026-11-24T01:00:00Z');
    c.clock.now = Date.parse('2026-11-24T01:05:00Z');
    const deps = { store: c.store, queue: c.engine.queue, logger: silentLogger, supportContact: 'help@kept.example' };
    const meter = c.store.requests;
    const count = async (body: string) => {
      const before = meter.total;
      await handleInboundSms(deps, { from: SAM, body, messageId: `SMcount-${body}`, receivedAt: c.clock.now });
      const answered = meter.total - before;
      await c.engine.drain();
      return { answered, withSend: meter.total - before };
    };
    const y = await count('Y');
    c.clock.now += 10 * 60_000;
    const beforeNotice = meter.total;
    await c.engine.runOnce();
    const settledNotice = meter.total - beforeNotice;
    const week = await count('WEEK');
    return { yBeforeAnswer: y.answered, yWithSend: y.withSend, settledNotice, week: week.withSend };
  } finally {
    await embedded.close();
  }
}
