import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ChannelName } from '../../shared/model/message.ts';
import type { SendMetrics } from '../../shared/delivery/send-metrics.ts';
import { emitLateness } from './lateness.ts';

/** CloudWatch embedded-metric format through Powertools: namespace Kept, service kept-send. */
export const sendMetrics = new Metrics({ namespace: 'Kept', serviceName: 'kept-send' });

/** Each per-channel figure goes out at once, with its own `channel` dimension. */
function perChannel(
  name: string,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit],
  value: number,
  channel: ChannelName,
): void {
  sendMetrics.singleMetric().addDimension('channel', channel).addMetric(name, unit, value);
}

export const lambdaSendMetrics: SendMetrics = {
  count: (name, channel) => perChannel(name, MetricUnit.Count, 1, channel),
  lateness(ms, channel) {
    perChannel('DeliveryLatenessSeconds', MetricUnit.Seconds, Math.max(0, ms / 1000), channel);
    emitLateness(ms); // without dimensions too: the stack's lateness alarm reads that one
  },
};

/** SQS records reported back as failed (one failing record, or the whole batch). */
export function countFailedRecords(count: number): void {
  if (count === 0) return;
  sendMetrics.addMetric('SendRecordsFailed', MetricUnit.Count, count);
  sendMetrics.publishStoredMetrics();
}
