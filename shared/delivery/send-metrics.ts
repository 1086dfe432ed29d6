import type { ChannelName } from '../model/message.ts';

/** What the send path counts, per channel (names as they appear in CloudWatch, namespace Kept). */
export const SEND_METRICS = {
  sent: 'MessagesSent',
  refusedRecipient: 'RefusedRecipient',
  refusedSender: 'RefusedSender',
  throttled: 'Throttled',
  retried: 'SendRetried',
  failed: 'DeliveriesFailed',
} as const;
export type SendMetricName = (typeof SEND_METRICS)[keyof typeof SEND_METRICS];

/** Where the sender reports its counts: Powertools Metrics in Lambda, memory locally and in tests. */
export interface SendMetrics {
  count(name: SendMetricName, channel: ChannelName): void;
  /** Sent time minus due time (after quiet hours). */
  lateness(ms: number, channel: ChannelName): void;
}

/** Counts in memory, keyed `<metric>.<channel>`: for tests, benchmarks and `kept start`. */
export function memoryMetrics(): SendMetrics & { counts: Record<string, number>; latenessMs: number[] } {
  const counts: Record<string, number> = {};
  const latenessMs: number[] = [];
  return {
    counts,
    latenessMs,
    count(name, channel) {
      counts[`${name}.${channel}`] = (counts[`${name}.${channel}`] ?? 0) + 1;
    },
    lateness(ms) {
      latenessMs.push(ms);
    },
  };
}
