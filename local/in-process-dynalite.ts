import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import { withExpressionCache } from './expression-parse-cache.ts';
import { transactWrite } from './in-process-transaction.ts';
import { KeyLocks, lockKey } from './key-locks.ts';
import { checkRequestTypes, type RequestTypes } from './request-type-check.ts';
import { type DynaliteTableStore, TableDescriptionCache } from './table-description-cache.ts';
import { type ConflictFault, conflictAnswer, type WrittenItem } from './transaction-conflicts.ts';

const require = createRequire(import.meta.url);

/** The parts of dynalite's internals we call: its store, its request validation and its actions. */
interface DynaliteError extends Error {
  statusCode?: number;
  body?: Record<string, unknown>;
}
type ActionCallback = (error: DynaliteError | null, data?: unknown) => void;
type Action = (store: unknown, data: Record<string, unknown>, cb: ActionCallback) => void;
interface ActionValidation {
  types: unknown;
  custom?: unknown;
}
interface DynaliteDbModule {
  create(options: Record<string, unknown>): {
    lifecycleManager?: { gracefulClose(cb: (error?: Error | null) => void): void };
    db: { close(cb: (error?: Error | null) => void): void };
    getTable(
      name: string,
      checkStatus: boolean,
      cb: (error: Error | null, table?: { KeySchema: Array<{ AttributeName: string }> }) => void,
    ): void;
  };
}
interface DynaliteValidations {
  checkTypes(data: Record<string, unknown>, types: unknown): Record<string, unknown>;
  checkValidations(data: Record<string, unknown>, types: unknown, custom: unknown, store: unknown): void;
  toLowerFirst(name: string): string;
}

const dbModule = require('dynalite/db') as DynaliteDbModule;
const validations = require('dynalite/validations') as DynaliteValidations;

/** The operations dynalite implements; anything else is refused as DynamoDB would refuse an unknown one. */
const OPERATIONS = new Set([
  'BatchGetItem',
  'BatchWriteItem',
  'CreateTable',
  'DeleteItem',
  'DeleteTable',
  'DescribeTable',
  'DescribeTimeToLive',
  'GetItem',
  'ListTables',
  'PutItem',
  'Query',
  'Scan',
  'TagResource',
  'UntagResource',
  'ListTagsOfResource',
  'UpdateItem',
  'UpdateTable',
]);

/** Requests on items: they only read the table's description, so they may use the decoded copy. */
const ITEM_REQUESTS = new Set([
  'BatchGetItem',
  'BatchWriteItem',
  'DeleteItem',
  'GetItem',
  'PutItem',
  'Query',
  'Scan',
  'TransactWriteItems',
  'UpdateItem',
]);

/** Requests that change items: each holds the items it writes, so a transaction on them waits, and they wait for it. */
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

const loaded = new Map<string, { action: Action; validation: ActionValidation }>();
function operation(name: string): { action: Action; validation: ActionValidation } {
  let found = loaded.get(name);
  if (!found) {
    const file = validations.toLowerFirst(name);
    found = {
      action: require(`dynalite/actions/${file}`) as Action,
      validation: require(`dynalite/validations/${file}`) as ActionValidation,
    };
    loaded.set(name, found);
  }
  return found;
}

/** A DynamoDB JSON-protocol answer: the status and the JSON body, as dynalite's HTTP server would send them. */
export interface DynamoAnswer {
  status: number;
  body: string;
}

const error = (status: number, type: string, message?: string): DynamoAnswer => ({
  status,
  body: JSON.stringify(message === undefined ? { __type: type } : { __type: type, message }),
});

/**
 * dynalite without its HTTP server: the same validation and actions on the same LevelDB
 * store, called directly. Identical answers, without the loopback socket, HTTP parsing and a
 * second JSON round trip per request.
 */
export class InProcessDynalite {
  private readonly store: ReturnType<DynaliteDbModule['create']>;
  private readonly locks = new KeyLocks();
  private readonly tables: TableDescriptionCache;
  /**
   * A fault (tests, `kept simulate` with conflict faults): writes it names are answered as DynamoDB answers a
   * write to an item another transaction holds. Without it, a write waits for the holder instead.
   */
  conflicts?: ConflictFault;

  constructor(options: { path?: string } = {}) {
    this.store = dbModule.create({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    this.tables = new TableDescriptionCache(this.store as unknown as DynaliteTableStore);
  }

  /** Handles one request: `target` is the X-Amz-Target header (`DynamoDB_20120810.GetItem`), `body` its JSON. */
  async dispatch(target: string, body: string): Promise<DynamoAnswer> {
    const [api, name] = target.split('.');
    if (api !== 'DynamoDB_20120810' || !name) return error(400, 'com.amazon.coral.service#UnknownOperationException');
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return error(400, 'com.amazon.coral.service#SerializationException');
    }
    const answer = await this.dispatchObject(name, data);
    return { status: answer.status, body: JSON.stringify(answer.body) };
  }

  /** Handles one request already parsed: `name` is the operation (`GetItem`), `data` the request's JSON value. */
  async dispatchObject(name: string, input: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    if (!ITEM_REQUESTS.has(name)) return this.tables.bypass(() => this.handle(name, input));
    return this.handle(name, input);
  }

  private async handle(name: string, input: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    if (name === 'TransactWriteItems')
      return transactWrite(
        input,
        (member, data) => this.validate(member, data),
        (member, data) => this.run(member, data),
        (member, data) => this.act(member, data),
        (table, item) => this.keyOf(table, item),
        (keys, work) => this.locks.withKeys(keys, work),
        this.conflicts,
      );
    if (!OPERATIONS.has(name))
      return { status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } };
    if (!WRITES.has(name)) return this.run(name, input);
    const items = await this.itemsWritten(name, input);
    if (!items) return this.run(name, input);
    const conflict = name === 'BatchWriteItem' ? null : conflictAnswer(this.conflicts, name, items);
    if (conflict) return conflict;
    const keys = items.map((item) => lockKey(item.tableName, item.key));
    return this.locks.withKeys(keys, () => this.run(name, input));
  }

  /** The items a single write changes (null: malformed; dynalite's validation answers it). */
  private async itemsWritten(name: string, input: Record<string, unknown>): Promise<WrittenItem[] | null> {
    try {
      const requests: Array<[string, Record<string, unknown>]> =
        name === 'BatchWriteItem'
          ? Object.entries(
              input.RequestItems as Record<string, Array<Record<string, Record<string, unknown>>>>,
            ).flatMap(([table, writes]) =>
              writes.map((w): [string, Record<string, unknown>] => [
                table,
                (w.PutRequest?.Item ?? w.DeleteRequest?.Key) as Record<string, unknown>,
              ]),
            )
          : [[String(input.TableName), (name === 'PutItem' ? input.Item : input.Key) as Record<string, unknown>]];
      return await Promise.all(
        requests.map(async ([tableName, item]) => ({ tableName, key: await this.keyOf(tableName, item) })),
      );
    } catch {
      return null;
    }
  }

  private validate(
    name: string,
    input: Record<string, unknown>,
  ): { ok: true; data: Record<string, unknown> } | { ok: false; answer: { status: number; body: unknown } } {
    const { validation } = operation(name);
    try {
      const data = checkRequestTypes(input, validation.types as RequestTypes);
      withExpressionCache(() => validations.checkValidations(data, validation.types, validation.custom, this.store));
      return { ok: true, data };
    } catch (thrown) {
      const failure = thrown as DynaliteError;
      if (failure.statusCode) return { ok: false, answer: { status: failure.statusCode, body: failure.body } };
      throw thrown;
    }
  }

  private run(name: string, input: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const checked = this.validate(name, input);
    if (!checked.ok) return Promise.resolve(checked.answer);
    return this.act(name, checked.data);
  }

  /** dynalite's action on a request already validated (a transaction's members are validated once). */
  private act(name: string, data: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const { action } = operation(name);
    return new Promise((resolve, reject) => {
      action(this.store, data, (failure, result) => {
        if (failure?.statusCode) resolve({ status: failure.statusCode, body: failure.body });
        else if (failure) reject(failure);
        else resolve({ status: 200, body: result });
      });
    });
  }

  /**
   * The key attributes of an item (or key) of a table, by the table's key schema: read through the
   * table description cache, which forgets a table that is deleted or replaced.
   */
  private async keyOf(tableName: string, item: Record<string, unknown>): Promise<Record<string, unknown>> {
    const names = await new Promise<string[]>((resolve, reject) => {
      this.store.getTable(tableName, false, (failure, table) => {
        if (failure || !table) return reject(failure ?? new Error(`no table ${tableName}`));
        resolve(table.KeySchema.map((k) => k.AttributeName));
      });
    });
    const key: Record<string, unknown> = {};
    for (const name of names) key[name] = item[name];
    return key;
  }

  /** Waits for pending writes, then closes the LevelDB store (and its lock on the data folder). */
  close(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (failure?: Error | null) => (failure ? reject(failure) : resolve());
      if (this.store.lifecycleManager) this.store.lifecycleManager.gracefulClose(done);
      else this.store.db.close(done);
    });
  }
}

/** A request id like DynamoDB's, for the answer's headers. */
export const requestId = (): string => randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0');
