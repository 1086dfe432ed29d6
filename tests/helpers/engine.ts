import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import type { ChannelSet } from '../../shared/channels/channel.ts';
import type { OutboundMessage } from '../../shared/model/message.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { LocalEngine } from '../../local/engine.ts';

/** An engine on a settable clock, with an outbox that records what went out. */
export function testEngine(
  store: Store,
  start: number,
  wrap: (channels: ChannelSet) => ChannelSet = (c) => c,
  links?: { secret: string; publicUrl: string },
) {
  const clock = { now: start };
  const outbox = new OutboxChannel(store);
  const sent: Array<OutboundMessage & { at: number }> = [];
  outbox.onMessage((message, at) => sent.push({ ...message, at }));
  const engine = new LocalEngine({
    store,
    channels: wrap({ sms: outbox, email: outbox }),
    logger: silentLogger,
    now: () => clock.now,
    ...(links ? { links } : {}),
  });
  return { clock, engine, sent, outbox };
}
