import { createRequire } from 'node:module';
import { lockKey } from './key-locks.ts';
import { type ConflictFault, conflictAnswer } from './transaction-conflicts.ts';

const require = createRequire(import.meta.url);

/** One request to dynalite (`run`: validated, then its action; `act`: the action alone): the operation's name and the request's JSON value. */
export type RunAction = (name: string, data: Record<string, unknown>) => Promise<{ status: number; body: unknown }>;
/** Validates a single-item request as dynalite would; returns the validated value or the error answer. */
export type Validate = (
  name: string,
  data: Record<string, unknown>,
) => { ok: true; data: Record<string, unknown> } | { ok: false; answer: { status: number; body: unknown } };

interface DynaliteDb {
  checkConditional(data: Record<string, unknown>, existing: unknown): { body: unknown } | null | undefined;
}
const db = require('dynalite/db') as DynaliteDb;

/** Which single-item request each kind of transaction member is, and how its key is found. */
const MEMBERS = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'DeleteItem' } as const;
type MemberKind = keyof typeof MEMBERS;
const MAX_MEMBERS = 100;

const validation = (message: string) => ({
  status: 400,
  body: { __type: 'com.amazon.coral.validate#ValidationException', message },
});

/**
 * DynamoDB's TransactWriteItems, which dynalite lacks, for the store in this process: every
 * member's condition is checked against the items as they are, then all are applied, or none.
 * It holds its items (`holding`: InProcessDynalite's key locks, which every single write takes
 * too), so nothing changes them between the check and the writes. Reads are not held: like DynamoDB's
 * non-transactional reads, one may see some members applied and not others. `conflicts` (a fault)
 * cancels it as DynamoDB does when another transaction is writing one of its items.
 */
export async function transactWrite(
  input: Record<string, unknown>,
  validate: Validate,
  run: RunAction,
  act: RunAction,
  keyOf: (tableName: string, itemOrKey: Record<string, unknown>) => Promise<Record<string, unknown>>,
  holding: (
    keys: string[],
    work: () => Promise<{ status: number; body: unknown }>,
  ) => Promise<{ status: number; body: unknown }>,
  conflicts?: ConflictFault,
): Promise<{ status: number; body: unknown }> {
  const items = input.TransactItems;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_MEMBERS)
    return validation(`TransactItems must have between 1 and ${MAX_MEMBERS} members`);
  const members: Array<{
    kind: MemberKind;
    request: Record<string, unknown>;
    data: Record<string, unknown>;
    key: Record<string, unknown>;
  }> = [];
  const seen = new Set<string>();
  for (const member of items as Array<Record<string, unknown>>) {
    const kinds = Object.keys(member ?? {}).filter((k): k is MemberKind => k in MEMBERS);
    if (kinds.length !== 1)
      return validation('Each TransactItem must name exactly one of Put, Update, Delete, ConditionCheck');
    const kind = kinds[0]!;
    const { ReturnValuesOnConditionCheckFailure: _ignored, ...request } = member[kind] as Record<string, unknown>;
    if (kind === 'ConditionCheck' && !request.ConditionExpression)
      return validation('ConditionCheck needs a ConditionExpression');
    const checked = validate(MEMBERS[kind], request);
    if (!checked.ok) return checked.answer;
    const tableName = String(checked.data.TableName);
    const key = await keyOf(
      tableName,
      (kind === 'Put' ? checked.data.Item : checked.data.Key) as Record<string, unknown>,
    );
    if (Object.values(key).some((value) => value === undefined))
      return validation('One of the required keys was not given a value');
    const identity = lockKey(tableName, key);
    if (seen.has(identity)) return validation('Transaction request cannot include multiple operations on one item');
    seen.add(identity);
    members.push({ kind, request, data: checked.data, key });
  }
  const conflict = conflictAnswer(
    conflicts,
    'TransactWriteItems',
    members.map((member) => ({ tableName: String(member.data.TableName), key: member.key })),
  );
  if (conflict) return conflict;

  return holding([...seen], () => checkThenApply(members, run, act));
}

async function checkThenApply(
  members: Array<{
    kind: MemberKind;
    request: Record<string, unknown>;
    data: Record<string, unknown>;
    key: Record<string, unknown>;
  }>,
  run: RunAction,
  act: RunAction,
): Promise<{ status: number; body: unknown }> {
  const before: Array<Record<string, unknown> | undefined> = [];
  for (const member of members) {
    // Keys and members were validated above: dynalite's actions run on them directly.
    const got = await act('GetItem', { TableName: member.data.TableName, Key: member.key, ConsistentRead: true });
    if (got.status !== 200) return got;
    before.push((got.body as { Item?: Record<string, unknown> }).Item);
  }
  const reasons = members.map((member, i) =>
    db.checkConditional(member.data, before[i])
      ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
      : { Code: 'None' },
  );
  if (reasons.some((reason) => reason.Code !== 'None'))
    return {
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      },
    };

  for (const [i, member] of members.entries()) {
    if (member.kind === 'ConditionCheck') continue;
    const applied = await act(MEMBERS[member.kind], member.data);
    if (applied.status !== 200) {
      // Not expected once the conditions held (a size limit, say): put back what was applied.
      for (let j = i - 1; j >= 0; j--) {
        const { kind, data, key } = members[j]!;
        if (kind === 'ConditionCheck') continue;
        const old = before[j];
        await (old
          ? run('PutItem', { TableName: data.TableName, Item: old })
          : run('DeleteItem', { TableName: data.TableName, Key: key }));
      }
      return applied;
    }
  }
  return { status: 200, body: {} };
}
