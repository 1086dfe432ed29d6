import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Counts the requests a client sends to the store, by command: on DynamoDB each one is a round
 * trip on the critical path, so tests pin the count per message and `kept simulate --stats`
 * reports it. Retries inside the SDK are one request here.
 */
export class RequestMeter {
  total = 0;
  /** Requests that may change items: what was read before is still current while this stays the same. */
  writes = 0;
  readonly byCommand = new Map<string, number>();

  record(command: string): void {
    this.total += 1;
    if (/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(command)) this.writes += 1;
    this.byCommand.set(command, (this.byCommand.get(command) ?? 0) + 1);
  }

  /** The count since `mark` was taken: `const mark = meter.mark(); ...; meter.since(mark)`. */
  mark(): { total: number; byCommand: Map<string, number> } {
    return { total: this.total, byCommand: new Map(this.byCommand) };
  }

  since(mark: { total: number; byCommand: Map<string, number> }): { total: number; byCommand: Record<string, number> } {
    const byCommand: Record<string, number> = {};
    for (const [command, count] of this.byCommand) {
      const delta = count - (mark.byCommand.get(command) ?? 0);
      if (delta > 0) byCommand[command] = delta;
    }
    return { total: this.total - mark.total, byCommand };
  }
}

const meters = new WeakMap<object, RequestMeter>();

/** The meter of a document client, installed once as the first step of its middleware stack. */
export function requestMeterFor(doc: DynamoDBDocumentClient): RequestMeter {
  let meter = meters.get(doc.middlewareStack);
  if (!meter) {
    const installed = new RequestMeter();
    doc.middlewareStack.add(
      (next, context) => (args) => {
        installed.record(String(context.commandName ?? 'unknown'));
        return next(args);
      },
      { step: 'initialize', name: 'keptRequestMeter', priority: 'high' },
    );
    meter = installed;
    meters.set(doc.middlewareStack, meter);
  }
  return meter;
}
