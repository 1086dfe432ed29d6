import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * True when DynamoDB refused a write only because another transaction was writing one of its
 * items at that moment: a single write refused with TransactionConflictException, or a
 * TransactWriteItems cancelled with a `TransactionConflict` reason. Nothing of the write was
 * applied, and the same write may succeed a moment later.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (error instanceof Error && error.name === 'TransactionConflictException') return true;
  return cancellationCodes(error)?.includes('TransactionConflict') ?? false;
}

/**
 * The reason codes of a cancelled TransactWriteItems, one per write in order (`None` or
 * undefined for a write that was not the cause), or undefined when the error is no cancellation.
 */
export function cancellationCodes(error: unknown): Array<string | undefined> | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string } | null> }).CancellationReasons ?? [];
  return reasons.map((reason) => reason?.Code);
}

/** Attempts per request in all, the first included. */
export const CONFLICT_ATTEMPTS = 5;
/** The first back-off's upper bound; each next one doubles it (full jitter, as the SDK's own retries). */
const BASE_DELAY_MS = 20;

const retrying = new WeakSet<object>();

/**
 * Retries a request the store refused for a transaction conflict, with exponential back-off and
 * jitter, up to CONFLICT_ATTEMPTS in all; then the last refusal is thrown. DynamoDB says such a
 * request may be retried, but the AWS SDK does not retry it by itself (neither error is among
 * its throttling or transient errors, and the model marks neither retryable). Safe for every
 * write: a refused write applied nothing, and a retried transaction checks its conditions again
 * (one that no longer holds then fails as a condition, as it would have without the conflict).
 * Installed once per client, inside the request meter, so a retried request counts once, as
 * the SDK's own retries do.
 */
export function retryTransactionConflicts(doc: DynamoDBDocumentClient, random: () => number = Math.random): void {
  if (retrying.has(doc.middlewareStack)) return;
  retrying.add(doc.middlewareStack);
  doc.middlewareStack.add(
    (next) => async (args) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await next(args);
        } catch (error) {
          if (attempt >= CONFLICT_ATTEMPTS || !isTransactionConflict(error)) throw error;
          const bound = BASE_DELAY_MS * 2 ** (attempt - 1);
          await new Promise((resolve) => setTimeout(resolve, random() * bound));
        }
      }
    },
    { step: 'initialize', name: 'keptTransactionConflictRetry', priority: 'low' },
  );
}
