/**
 * Delivery lateness (sent time minus due time, after quiet hours) as a CloudWatch
 * embedded-metric line; the stack alarms when it passes 2 minutes.
 */
export function emitLateness(ms: number, write: (line: string) => void = (line) => process.stdout.write(line)): void {
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        { Namespace: 'Kept', Dimensions: [[]], Metrics: [{ Name: 'DeliveryLatenessSeconds', Unit: 'Seconds' }] },
      ],
    },
    DeliveryLatenessSeconds: Math.max(0, ms / 1000),
  };
  write(`${JSON.stringify(line)}\n`);
}
