/** One item a write names: its table and its key attributes (DynamoDB JSON). */
export interface WrittenItem {
  tableName: string;
  key: Record<string, unknown>;
}

/**
 * A fault for tests and `kept simulate`: asked before each write (a single PutItem, UpdateItem or
 * DeleteItem, or a TransactWriteItems) with the items it names, in order; answers which of them
 * another transaction is writing at that moment (its position), or null for none.
 */
export type ConflictFault = (write: { operation: string; items: WrittenItem[] }) => number | null;

/** DynamoDB's words for an item another transaction is writing (the reason's Message). */
const ONGOING = 'Transaction is ongoing for the item';
const TYPE = 'com.amazonaws.dynamodb.v20120810#';

/**
 * The store's answer when `fault` says another transaction holds an item of this write, exactly
 * as DynamoDB gives it: a single write is refused with TransactionConflictException; a
 * TransactWriteItems is cancelled with TransactionCanceledException, one reason per member
 * (`TransactionConflict` for the held one, `None` for the others). Either way nothing is applied.
 * Null when nothing is held (or no fault is set).
 */
export function conflictAnswer(
  fault: ConflictFault | undefined,
  operation: string,
  items: WrittenItem[],
): { status: number; body: unknown } | null {
  const held = fault?.({ operation, items }) ?? null;
  if (held === null) return null;
  if (operation !== 'TransactWriteItems')
    return { status: 400, body: { __type: `${TYPE}TransactionConflictException`, message: ONGOING } };
  const reasons = items.map((_, i) =>
    i === held ? { Code: 'TransactionConflict', Message: ONGOING } : { Code: 'None' },
  );
  return {
    status: 400,
    body: {
      __type: `${TYPE}TransactionCanceledException`,
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      CancellationReasons: reasons,
    },
  };
}
