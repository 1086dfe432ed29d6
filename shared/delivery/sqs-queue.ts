import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryRef } from '../store/delivery-repository.ts';
import type { DeliveryQueue } from './queue.ts';

const BATCH = 10;

/** The AWS queue between the tick and the sender. Failed entries are retried, then reported. */
export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(refs: DeliveryRef[]): Promise<void> {
    for (let i = 0; i < refs.length; i += BATCH) {
      let entries = refs.slice(i, i + BATCH).map((ref, j) => ({ Id: String(j), MessageBody: JSON.stringify(ref) }));
      for (let attempt = 0; entries.length > 0; attempt++) {
        const result = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        const failed = new Set((result.Failed ?? []).map((f) => f.Id));
        if (failed.size > 0 && attempt >= 2) {
          // The deliveries stay planned: their lease brings them back through the tick.
          throw new Error(`SQS refused ${failed.size} of ${entries.length} messages`);
        }
        entries = entries.filter((e) => failed.has(e.Id));
      }
    }
  }
}

/** Reads a queue message body back into a delivery reference; null if it is not one. */
export function parseDeliveryRef(body: string): DeliveryRef | null {
  try {
    const value = JSON.parse(body) as Partial<DeliveryRef>;
    return typeof value.pairId === 'string' && typeof value.deliveryKey === 'string'
      ? {
          pairId: value.pairId,
          deliveryKey: value.deliveryKey,
          ...(typeof value.recipientId === 'string' ? { recipientId: value.recipientId } : {}),
          ...(Array.isArray(value.checkInKeys) && value.checkInKeys.every((key) => typeof key === 'string')
            ? { checkInKeys: value.checkInKeys }
            : {}),
        }
      : null;
  } catch {
    return null;
  }
}
